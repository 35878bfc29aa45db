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
        var out = ""
        write(to: &out)
        return out
    }

    public func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .number(let value):
            if value.isFinite {
                out += value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
            } else {
                out += "null"
            }
        case .string(let value): Self.writeString(value, to: &out)
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                Self.writeString(member.0, to: &out)
                out += ":"
                member.1.write(to: &out)
            }
            out += "}"
        }
    }

    /// Quotes `text` as a JSON string. Works on the UTF-8 bytes and copies runs that need no
    /// escape in one piece: device output of a large capture is mostly this.
    static func writeString(_ text: String, to out: inout String) {
        out += "\""
        let utf8 = text.utf8
        var runStart = utf8.startIndex
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            var escape: String?
            var width = 1
            switch byte {
            case 0x22: escape = "\\\""
            case 0x5C: escape = "\\\\"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x09: escape = "\\t"
            case 0x00..<0x20, 0x7F: escape = "\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
            case 0xE2:
                // U+2028 and U+2029 (E2 80 A8/A9) end a line in JavaScript.
                let next = utf8.index(after: index)
                if next != utf8.endIndex, utf8[next] == 0x80 {
                    let last = utf8.index(after: next)
                    if last != utf8.endIndex, utf8[last] == 0xA8 || utf8[last] == 0xA9 {
                        escape = utf8[last] == 0xA8 ? "\\u2028" : "\\u2029"
                        width = 3
                    }
                }
            default:
                break
            }
            guard let escape else {
                index = utf8.index(after: index)
                continue
            }
            // Escaped bytes are ASCII or a scalar's first byte, so the run ends on a scalar boundary.
            if runStart != index { out += text[runStart..<index] }
            out += escape
            index = utf8.index(index, offsetBy: width)
            runStart = index
        }
        if runStart != utf8.endIndex { out += text[runStart..<utf8.endIndex] }
        out += "\""
    }
}
