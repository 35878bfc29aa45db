import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO

/// Runs the store's `?`-placeholder SQL on a PostgreSQL connection: each `?` becomes `$n`
/// with the argument's type cast (`$1::text`), so that a NULL argument has a type too.
struct PostgresStatementRunner: SQLConnection {
    let connection: PostgresConnection
    let logger: Logger
    /// Longer than any statement the store runs (a batch takes well under a second, and a
    /// write waiting for a lock gives up after the session's 60 s `lock_timeout`).
    var deadline: TimeAmount = .seconds(120)
    var dialect: SQLDialect { .postgreSQL }

    func execute(_ sql: String, _ arguments: SQLArguments) throws {
        _ = try bounded(connection.query(Self.query(sql, arguments), logger: logger))
    }

    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow] {
        try bounded(connection.query(Self.query(sql, arguments), logger: logger)).rows.map(Self.row)
    }

    func forEachRow(_ sql: String, _ arguments: SQLArguments, _ body: (SQLRow) throws -> Void) throws {
        for row in try bounded(connection.query(Self.query(sql, arguments), logger: logger)).rows {
            try body(Self.row(row))
        }
    }

    /// Waits for a statement's result, but not forever: a server or network that stops
    /// answering without closing the connection (a silent partition, a session dying as a
    /// query is queued) would hold an agent for as long as the kernel kept the socket. Past
    /// the deadline the connection is closed and the statement fails as a lost connection, so
    /// the caller's fallback (the local inventory) takes over.
    private func bounded<Value: Sendable>(_ future: EventLoopFuture<Value>) throws -> Value {
        let eventLoop = future.eventLoop
        let promise = eventLoop.makePromise(of: Value.self)
        let expired = NIOLockedValueBox(false)
        let seconds = deadline.nanoseconds / 1_000_000_000
        let timer = eventLoop.scheduleTask(in: deadline) { [connection] in
            expired.withLockedValue { $0 = true }
            promise.fail(StoreConnectionError(description: "the PostgreSQL server did not answer within \(seconds) s; the connection was closed (check the network to the server)"))
            let _: EventLoopFuture<Void> = connection.close()
        }
        future.whenComplete { result in
            timer.cancel()
            // Both run on the event loop: once the deadline failed the promise, it stays failed.
            if !expired.withLockedValue({ $0 }) { promise.completeWith(result) }
        }
        return try promise.futureResult.wait()
    }

    func insert(_ sql: String, _ arguments: SQLArguments) throws -> Int64? {
        try rows(sql + " RETURNING id", arguments).first.flatMap { Int64.decode($0.firstValue) }
    }

    static func query(_ sql: String, _ arguments: SQLArguments) throws -> PostgresQuery {
        var bindings = PostgresBindings(capacity: arguments.count)
        var text = ""
        text.reserveCapacity(sql.utf8.count + arguments.count * 10)
        var index = 0
        var inLiteral = false
        for character in sql {
            if character == "'" { inLiteral.toggle() }
            guard character == "?", !inLiteral else {
                text.append(character)
                continue
            }
            guard index < arguments.count else {
                throw StoreError("inventory statement has more placeholders than arguments: \(sql.prefix(120))")
            }
            let value = arguments[index].sqlValue
            index += 1
            text += "$\(index)::\(Self.typeName(value.kind))"
            switch value {
            case .null: bindings.appendNull()
            case .integer(let number): bindings.append(number)
            case .real(let number): bindings.append(number)
            case .text(let string): bindings.append(Self.storable(string))
            case .date(let date): bindings.append(date)
            }
        }
        guard index == arguments.count else {
            throw StoreError("inventory statement has \(index) placeholders for \(arguments.count) arguments: \(sql.prefix(120))")
        }
        return PostgresQuery(unsafeSQL: text, binds: bindings)
    }

    /// PostgreSQL text cannot hold U+0000, which device answers do contain (binary banners,
    /// padded fields); it is stored as U+2400 SYMBOL FOR NULL, visible and never confused
    /// with the text around it.
    static func storable(_ text: String) -> String {
        text.utf8.contains(0) ? text.replacingOccurrences(of: "\u{0}", with: "\u{2400}") : text
    }

    static func typeName(_ kind: SQLValue.Kind) -> String {
        switch kind {
        case .text: "text"
        case .integer: "int8"
        case .real: "float8"
        case .date: "timestamptz"
        }
    }

    static func row(_ row: PostgresRow) -> SQLRow {
        var columns: [String] = []
        var values: [SQLValue] = []
        for cell in row {
            columns.append(cell.columnName)
            values.append(value(of: cell))
        }
        return SQLRow(columns: columns, values: values)
    }

    static func value(of cell: PostgresCell) -> SQLValue {
        guard cell.bytes != nil else { return .null(.text) }
        switch cell.dataType {
        case .int2, .int4, .int8:
            return (try? cell.decode(Int64.self)).map(SQLValue.integer) ?? .null(.integer)
        case .float4, .float8:
            return (try? cell.decode(Double.self)).map(SQLValue.real) ?? .null(.real)
        case .numeric:
            return (try? cell.decode(Decimal.self)).map { .real(NSDecimalNumber(decimal: $0).doubleValue) } ?? .null(.real)
        case .bool:
            return (try? cell.decode(Bool.self)).map { .integer($0 ? 1 : 0) } ?? .null(.integer)
        case .timestamptz, .timestamp, .date:
            return (try? cell.decode(Date.self)).map(SQLValue.date) ?? .null(.date)
        default:
            return (try? cell.decode(String.self)).map(SQLValue.text) ?? .null(.text)
        }
    }
}

extension PostgresStatementRunner {
    /// PostgreSQL takes at most 65,535 parameters per statement.
    static let parametersPerStatement = 30_000

    func insertRows(_ prefix: String, rows: [SQLArguments], suffix: String) throws {
        guard let width = rows.first?.count, width > 0 else { return }
        let values = rows.map { $0.map(\.sqlValue) }
        // Columns of one kind each go as arrays through unnest; anything else as VALUES rows.
        var columns: [PostgresColumnArray] = []
        for column in 0..<width {
            let cells = values.map { column < $0.count ? $0[column] : .null(.text) }
            let kind = cells.first { if case .null = $0 { false } else { true } }?.kind ?? cells[0].kind
            guard let array = PostgresColumnArray(kind: kind, values: cells) else { return try insertValueRows(prefix, rows: rows, suffix: suffix) }
            columns.append(array)
        }
        var bindings = PostgresBindings(capacity: width)
        for array in columns { bindings.append(array) }
        let placeholders = columns.enumerated().map { "$\($0.offset + 1)::\(Self.typeName($0.element.kind))[]" }.joined(separator: ", ")
        _ = try bounded(connection.query(PostgresQuery(unsafeSQL: "\(prefix) SELECT * FROM unnest(\(placeholders)) \(suffix)", binds: bindings), logger: logger))
    }

    private func insertValueRows(_ prefix: String, rows: [SQLArguments], suffix: String) throws {
        guard let width = rows.first?.count, width > 0 else { return }
        let perStatement = max(1, Self.parametersPerStatement / width)
        let tuple = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + perStatement, rows.count)]
            let sql = "\(prefix) VALUES " + Array(repeating: tuple, count: chunk.count).joined(separator: ", ") + " \(suffix)"
            try execute(sql, chunk.flatMap { $0 })
            start += chunk.count
        }
    }
}
