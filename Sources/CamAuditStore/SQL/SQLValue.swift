import Foundation

/// A value bound to or read from either backend. A NULL keeps its type so that PostgreSQL,
/// which infers a parameter's type from the statement, is told it (`$1::text IS NULL`).
public enum SQLValue: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case text, integer, real, date
    }

    case null(Kind)
    case integer(Int64)
    case real(Double)
    case text(String)
    case date(Date)

    var kind: Kind {
        switch self {
        case .null(let kind): kind
        case .integer: .integer
        case .real: .real
        case .text: .text
        case .date: .date
        }
    }
}

/// A Swift value the store binds as an argument.
public protocol SQLValueConvertible: Sendable {
    static var sqlKind: SQLValue.Kind { get }
    var sqlValue: SQLValue { get }
}

/// A Swift value the store reads from a result column.
public protocol SQLValueDecodable {
    /// nil when the column's value cannot be read as this type (NULL included).
    static func decode(_ value: SQLValue) -> Self?
}

public typealias SQLArguments = [any SQLValueConvertible]

extension String: SQLValueConvertible, SQLValueDecodable {
    public static var sqlKind: SQLValue.Kind { .text }
    public var sqlValue: SQLValue { .text(self) }
    public static func decode(_ value: SQLValue) -> String? {
        switch value {
        case .text(let text): text
        case .integer(let number): String(number)
        case .real(let number): String(number)
        case .date(let date): SQLiteDates.text(date)
        case .null: nil
        }
    }
}

extension Int64: SQLValueConvertible, SQLValueDecodable {
    public static var sqlKind: SQLValue.Kind { .integer }
    public var sqlValue: SQLValue { .integer(self) }
    public static func decode(_ value: SQLValue) -> Int64? {
        switch value {
        case .integer(let number): number
        case .real(let number): Int64(exactly: number.rounded())
        case .text(let text): Int64(text)
        default: nil
        }
    }
}

extension Int: SQLValueConvertible, SQLValueDecodable {
    public static var sqlKind: SQLValue.Kind { .integer }
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    public static func decode(_ value: SQLValue) -> Int? { Int64.decode(value).map(Int.init) }
}

extension Double: SQLValueConvertible, SQLValueDecodable {
    public static var sqlKind: SQLValue.Kind { .real }
    public var sqlValue: SQLValue { .real(self) }
    public static func decode(_ value: SQLValue) -> Double? {
        switch value {
        case .real(let number): number
        case .integer(let number): Double(number)
        case .text(let text): Double(text)
        default: nil
        }
    }
}

extension Date: SQLValueConvertible, SQLValueDecodable {
    public static var sqlKind: SQLValue.Kind { .date }
    public var sqlValue: SQLValue { .date(self) }
    public static func decode(_ value: SQLValue) -> Date? {
        switch value {
        case .date(let date): date
        case .text(let text): SQLiteDates.date(text)
        default: nil
        }
    }
}

extension Optional: SQLValueConvertible where Wrapped: SQLValueConvertible {
    public static var sqlKind: SQLValue.Kind { Wrapped.sqlKind }
    public var sqlValue: SQLValue { self?.sqlValue ?? .null(Wrapped.sqlKind) }
}

extension Optional: SQLValueDecodable where Wrapped: SQLValueDecodable {
    /// Always succeeds: NULL or an unreadable value is nil.
    public static func decode(_ value: SQLValue) -> Optional<Wrapped>? { .some(Wrapped.decode(value)) }
}

extension SQLValue: SQLValueConvertible {
    public static var sqlKind: SQLValue.Kind { .text }
    public var sqlValue: SQLValue { self }
}
