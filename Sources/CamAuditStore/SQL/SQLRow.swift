import Foundation

/// One result row, read by column name the same way from SQLite and PostgreSQL.
public struct SQLRow: Sendable {
    let columns: [String]
    let values: [SQLValue]

    init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The column's value as `T`; a missing or unreadable non-optional column is a store bug
    /// (the SQL and the reader disagree), reported with the column's name.
    public subscript<T: SQLValueDecodable>(_ column: String) -> T {
        let value = self.value(column)
        guard let decoded = T.decode(value) else {
            preconditionFailure("inventory column \(column) holds \(value), not \(T.self)")
        }
        return decoded
    }

    /// Rows have a handful of columns: a linear search beats building a dictionary per row.
    public func value(_ column: String) -> SQLValue {
        guard let index = columns.firstIndex(of: column) else { return .null(.text) }
        return values[index]
    }

    var firstValue: SQLValue { values.first ?? .null(.text) }
}
