/// A JSON value with ordered object keys, so machine-readable output keeps a stable, documented
/// field order. Serialisation escapes every control character; any string is safe to emit.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.serialized() == rhs.serialized()
    }

    public static func optional(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }

    public func serialized() -> String {
        String(decoding: serializedBytes(), as: UTF8.self)
    }

    /// The UTF-8 text: built as bytes, since Swift strings validate indices and grow in
    /// smaller steps, and a large capture's output is millions of strings.
    public func serializedBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        write(to: &out)
        return out
    }

    public func write(to out: inout String) {
        out += serialized()
    }

    public func write(to out: inout [UInt8]) {
        switch self {
        case .null: Self.append("null", to: &out)
        case .bool(let value): Self.append(value ? "true" : "false", to: &out)
        case .int(let value): Self.writeInt(value, to: &out)
        case .number(let value): Self.writeNumber(value, to: &out)
        case .string(let value): Self.writeString(value, to: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(member.0, to: &out)
                out.append(UInt8(ascii: ":"))
                member.1.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func append(_ text: String, to out: inout [UInt8]) {
        out.append(contentsOf: text.utf8)
    }

    static func writeInt(_ value: Int, to out: inout [UInt8]) {
        out.append(contentsOf: String(value).utf8)
    }

    /// Whole numbers without a fraction (confidence 1 is `1`); not a number is `null`.
    static func writeNumber(_ value: Double, to out: inout [UInt8]) {
        guard value.isFinite else { return append("null", to: &out) }
        append(value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value), to: &out)
    }

    /// True when no byte of the word is a control byte, `"`, `\`, DEL or 0xE2 (which may start
    /// U+2028/U+2029): the byte tests below, for eight bytes in a few word operations.
    @inline(__always)
    static func needsNoLook(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        // A byte below n (n ≤ 0x80) or equal to zero sets its high bit here; exact for "any".
        func anyBelow(_ value: UInt64, _ n: UInt64) -> UInt64 { (value &- ones &* n) & ~value & highBits }
        func anyEqual(_ byte: UInt64) -> UInt64 { anyBelow(word ^ (ones &* byte), 1) }
        return (anyBelow(word, 0x20) | anyEqual(0x22) | anyEqual(0x5C) | anyEqual(0x7F) | anyEqual(0xE2)) == 0
    }

    /// Quotes `text` as a JSON string. Runs that need no escape are copied in one piece: device
    /// output of a large capture is mostly this.
    static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            var index = 0
            while index < bytes.count {
                // Eight bytes at a time while none of them needs a look.
                if index &+ 8 <= bytes.count, let base = bytes.baseAddress,
                   Self.needsNoLook(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                    index += 8
                    continue
                }
                let byte = bytes[index]
                // The common case first: printable ASCII other than `"` and `\`, and other scalars' bytes.
                if byte >= 0x20, byte != 0x22, byte != 0x5C, byte != 0x7F, byte != 0xE2 {
                    index += 1
                    continue
                }
                var escape: String?
                var width = 1
                switch byte {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x00..<0x20, 0x7F: escape = "\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
                default:
                    // U+2028 and U+2029 (E2 80 A8/A9) end a line in JavaScript.
                    if index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                        escape = bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                        width = 3
                    }
                }
                guard let escape else {
                    index += 1
                    continue
                }
                // Escaped bytes are ASCII or a scalar's first byte, so the run ends on a scalar boundary.
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                out.append(contentsOf: escape.utf8)
                index += width
                runStart = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
