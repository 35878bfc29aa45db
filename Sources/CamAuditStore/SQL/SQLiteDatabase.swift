import Foundation
import GRDB

/// The SQL layer over GRDB: a pool in WAL mode for a file, a queue in memory for tests.
final class SQLiteDatabase: SQLDatabase {
    let writer: any DatabaseWriter
    var dialect: SQLDialect { .sqlite }

    init(writer: any DatabaseWriter) { self.writer = writer }

    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try writer.read { db in try body(SQLiteConnection(db: db)) }
    }

    func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try writer.write { db in try body(SQLiteConnection(db: db)) }
    }

    func releaseMemory() {
        if let pool = writer as? DatabasePool {
            pool.releaseMemory()
        } else if let queue = writer as? DatabaseQueue {
            queue.releaseMemory()
        }
    }
}

struct SQLiteConnection: SQLConnection {
    let db: Database
    var dialect: SQLDialect { .sqlite }

    func execute(_ sql: String, _ arguments: SQLArguments) throws {
        if arguments.isEmpty {
            try db.execute(sql: sql)
        } else {
            try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
        }
    }

    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: Self.arguments(arguments)).map(Self.row)
    }

    func forEachRow(_ sql: String, _ arguments: SQLArguments, _ body: (SQLRow) throws -> Void) throws {
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: Self.arguments(arguments))
        while let row = try cursor.next() { try body(Self.row(row)) }
    }

    func insert(_ sql: String, _ arguments: SQLArguments) throws -> Int64? {
        try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
        return db.changesCount > 0 ? db.lastInsertedRowID : nil
    }

    static func arguments(_ values: SQLArguments) -> StatementArguments {
        StatementArguments(values.map { value -> DatabaseValue in
            switch value.sqlValue {
            case .null: .null
            case .integer(let number): number.databaseValue
            case .real(let number): number.databaseValue
            case .text(let text): text.databaseValue
            case .date(let date): date.databaseValue
            }
        })
    }

    static func row(_ row: Row) -> SQLRow {
        var columns: [String] = []
        var values: [SQLValue] = []
        columns.reserveCapacity(row.count)
        values.reserveCapacity(row.count)
        for (column, value) in row {
            columns.append(column)
            switch value.storage {
            case .null: values.append(.null(.text))
            case .int64(let number): values.append(.integer(number))
            case .double(let number): values.append(.real(number))
            case .string(let text): values.append(.text(text))
            case .blob(let data): values.append(.text(String(decoding: data, as: UTF8.self)))
            }
        }
        return SQLRow(columns: columns, values: values)
    }
}

extension SQLiteConnection {
    func insertRows(_ prefix: String, rows: [SQLArguments], suffix: String) throws {
        guard let first = rows.first else { return }
        let marks = Array(repeating: "?", count: first.count).joined(separator: ", ")
        let statement = try db.cachedStatement(sql: "\(prefix) VALUES (\(marks)) \(suffix)")
        for row in rows { try statement.execute(arguments: Self.arguments(row)) }
    }
}
