import Foundation

/// The SQL both backends speak, with the few spellings that differ named here so that the
/// store's queries are written once.
public struct SQLDialect: Sendable {
    /// `IS` in SQLite, `IS NOT DISTINCT FROM` in PostgreSQL: equality that treats NULLs as equal.
    public let nullSafeEquals: String
    /// Two-argument maximum and minimum: `MAX`/`MIN` in SQLite, `GREATEST`/`LEAST` in PostgreSQL.
    public let greatest: String
    public let least: String
    public let isPostgreSQL: Bool

    public static let sqlite = SQLDialect(nullSafeEquals: "IS", greatest: "MAX", least: "MIN", isPostgreSQL: false)
    public static let postgreSQL = SQLDialect(nullSafeEquals: "IS NOT DISTINCT FROM", greatest: "GREATEST", least: "LEAST", isPostgreSQL: true)

    /// A device's addresses, newest first, joined by spaces (`deviceColumn` names its id).
    /// SQLite before 3.44 has no ORDER BY inside an aggregate, so it orders a subquery.
    public func addressList(of deviceColumn: String) -> String {
        if isPostgreSQL {
            return "(SELECT string_agg(a.address, ' ' ORDER BY a.last_seen DESC) FROM device_address a WHERE a.device_id = \(deviceColumn))"
        }
        return "(SELECT group_concat(address, ' ') FROM (SELECT address FROM device_address a WHERE a.device_id = \(deviceColumn) ORDER BY a.last_seen DESC))"
    }
}

/// One transaction's view of the database. Placeholders are `?`, in order.
public protocol SQLConnection {
    var dialect: SQLDialect { get }
    func execute(_ sql: String, _ arguments: SQLArguments) throws
    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow]
    /// Rows one at a time: SQLite reads a cursor, so a result too large to hold is never held;
    /// PostgreSQL (through the future API the store waits on) receives the statement's rows
    /// first.
    func forEachRow(_ sql: String, _ arguments: SQLArguments, _ body: (SQLRow) throws -> Void) throws
    /// Runs an INSERT and returns the new row's `id`, or nil when nothing was inserted
    /// (`ON CONFLICT DO NOTHING`).
    func insert(_ sql: String, _ arguments: SQLArguments) throws -> Int64?
    /// Inserts many rows of one shape: SQLite runs one prepared statement per row, PostgreSQL
    /// sends each column as one array through `unnest`, so that a scan's evidence costs one
    /// round trip, not thousands.
    func insertRows(_ prefix: String, rows: [SQLArguments], suffix: String) throws
}

extension SQLConnection {
    public func execute(_ sql: String) throws { try execute(sql, []) }
    public func rows(_ sql: String) throws -> [SQLRow] { try rows(sql, []) }

    public func row(_ sql: String, _ arguments: SQLArguments = []) throws -> SQLRow? {
        try rows(sql, arguments).first
    }

    /// The first column of the first row, nil when there is no row or it is NULL.
    public func value<T: SQLValueDecodable>(_ sql: String, _ arguments: SQLArguments = [], as type: T.Type = T.self) throws -> T? {
        try rows(sql, arguments).first.flatMap { T.decode($0.firstValue) }
    }

    /// The first column of every row whose value is not NULL.
    public func values<T: SQLValueDecodable>(_ sql: String, _ arguments: SQLArguments = [], as type: T.Type = T.self) throws -> [T] {
        try rows(sql, arguments).compactMap { T.decode($0.firstValue) }
    }
}

/// A database the store reads and writes in transactions.
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T
    /// One transaction; PostgreSQL retries it when the server aborts it for a deadlock or a
    /// serialization failure with another writer, so `body` must be safe to run again.
    func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T
    func releaseMemory()
}

extension SQLConnection {
    /// `prefix` is `INSERT INTO t (a, b, …)`; each row gives one value per column.
    public func insertRows(_ prefix: String, rows: [SQLArguments], onConflict: String = "") throws {
        try insertRows(prefix, rows: rows, suffix: onConflict)
    }
}

extension SQLConnection {
    /// Rows of `sql` whose `IN (…)` list (written `IN (?…)` in `sql`) holds `values`, a few
    /// hundred at a time: one query per chunk, not one per value, well under SQLite's and
    /// PostgreSQL's limits on bound parameters. `leading` are bound before each chunk.
    public func rows(in sql: String, leading: SQLArguments = [], values: SQLArguments) throws -> [SQLRow] {
        var rows: [SQLRow] = []
        try forEachChunk(of: values) { marks, chunk in
            rows += try self.rows(sql.replacingOccurrences(of: "IN (?…)", with: "IN (\(marks))"), leading + chunk)
        }
        return rows
    }

    /// `execute` with an `IN (?…)` list, as `rows(in:)`.
    public func execute(in sql: String, leading: SQLArguments = [], values: SQLArguments) throws {
        try forEachChunk(of: values) { marks, chunk in
            try execute(sql.replacingOccurrences(of: "IN (?…)", with: "IN (\(marks))"), leading + chunk)
        }
    }

    private func forEachChunk(of values: SQLArguments, _ body: (String, SQLArguments) throws -> Void) throws {
        var start = 0
        while start < values.count {
            let chunk = Array(values[start..<min(start + 500, values.count)])
            try body(Array(repeating: "?", count: chunk.count).joined(separator: ", "), chunk)
            start += chunk.count
        }
    }
}
