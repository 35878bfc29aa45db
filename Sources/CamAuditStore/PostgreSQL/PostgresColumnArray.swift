import Foundation
import NIOCore
import PostgresNIO

/// One column of a bulk insert as a PostgreSQL array in binary form, NULLs included (what
/// postgres-nio's own arrays cannot carry), for `INSERT … SELECT * FROM unnest($1, $2, …)`:
/// a scan's evidence is a few statements of a dozen parameters, whatever its row count, which
/// the server reads far faster than thousands of VALUES tuples.
struct PostgresColumnArray: PostgresDynamicTypeEncodable {
    let kind: SQLValue.Kind
    let values: [SQLValue]

    var psqlType: PostgresDataType {
        switch kind {
        case .text: .textArray
        case .integer: .int8Array
        case .real: .float8Array
        case .date: .timestamptzArray
        }
    }

    var psqlFormat: PostgresFormat { .binary }

    private var elementType: UInt32 {
        switch kind {
        case .text: 25
        case .integer: 20
        case .real: 701
        case .date: 1184
        }
    }

    /// Seconds from 1970 to 2000-01-01, PostgreSQL's epoch for timestamps.
    private static let postgresEpoch = 946_684_800.0

    /// nil when a value is not of the column's kind (the caller then sends VALUES rows).
    init?(kind: SQLValue.Kind, values: [SQLValue]) {
        guard values.allSatisfy({ $0.kind == kind }) else { return nil }
        self.kind = kind
        self.values = values
    }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        let hasNulls = values.contains { if case .null = $0 { true } else { false } }
        buffer.writeInteger(Int32(1))
        buffer.writeInteger(Int32(hasNulls ? 1 : 0))
        buffer.writeInteger(elementType)
        buffer.writeInteger(Int32(values.count))
        buffer.writeInteger(Int32(1))
        for value in values {
            switch value {
            case .null:
                buffer.writeInteger(Int32(-1))
            case .integer(let number):
                buffer.writeInteger(Int32(8))
                buffer.writeInteger(number)
            case .real(let number):
                buffer.writeInteger(Int32(8))
                buffer.writeInteger(number.bitPattern)
            case .date(let date):
                buffer.writeInteger(Int32(8))
                buffer.writeInteger(Int64(((date.timeIntervalSince1970 - Self.postgresEpoch) * 1_000_000).rounded(.toNearestOrEven)))
            case .text(let text):
                let stored = PostgresStatementRunner.storable(text)
                buffer.writeInteger(Int32(stored.utf8.count))
                buffer.writeString(stored)
            }
        }
    }
}
