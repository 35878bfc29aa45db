import CamAuditModel
import Foundation

/// Small, allocation-light helpers the parsers share.
enum TextFields {
    /// Whitespace-separated tokens.
    static func tokens(_ line: String) -> [Substring] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" })
    }

    /// A unicast MAC address in any notation switches and servers print (`aa:bb:…`, `AA-BB-…`,
    /// `aabb.ccdd.eeff`, `aabbcc-ddeeff`), lowercase colon form; nil for anything else.
    static func mac<S: StringProtocol>(_ token: S) -> String? {
        guard token.utf8.count >= 12, token.utf8.count <= 17 else { return nil }
        return MACText.normalized(String(token))
    }

    /// Group or broadcast addresses (a switch's own CPU entries, ARP's broadcast rows): never a device.
    static func isGroup(_ mac: String) -> Bool {
        guard let first = UInt8(mac.prefix(2), radix: 16) else { return true }
        return first & 0x01 != 0
    }

    /// An IPv4 or IPv6 address in canonical text form; nil when the token is not one.
    static func address<S: StringProtocol>(_ token: S) -> String? {
        IPAddress(String(token))?.description
    }

    /// Fields of one CSV line (RFC 4180 quoting, `""` inside quotes); nil when a quote is not closed.
    static func csv(_ line: String) -> [String]? {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let ch = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if ch == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(ch)
                }
            } else if ch == "\"" {
                quoted = true
            } else if ch == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(ch)
            }
        }
        if quoted { return nil }
        fields.append(field)
        return fields
    }

    /// The text without the spaces and tabs around it, exactly as Foundation's `.whitespaces`
    /// trims (its set: tab, space, U+00A0, U+1680, U+2000–U+200B, U+202F, U+205F, U+3000), without
    /// going through NSString: format detection trims every sampled line, parsers every line.
    static func trimmed<S: StringProtocol>(_ text: S) -> String {
        let scalars = text.unicodeScalars
        func isBlank(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x20, 0x09, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
            default: return false
            }
        }
        guard let first = scalars.firstIndex(where: { !isBlank($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isBlank($0) })!
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[first...last])
        return String(out)
    }

    /// A non-empty trimmed value, or nil.
    static func nonEmpty<S: StringProtocol>(_ text: S?) -> String? {
        guard let text else { return nil }
        let trimmed = TextFields.trimmed(text)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The device name in a CLI prompt echoed into a saved output (`core-1#show mac address-table`,
    /// `admin@sw-2> show ethernet-switching table`): the switch the table came from.
    static func promptName(_ line: String) -> String? {
        guard let range = line.range(of: "show ", options: .caseInsensitive) else { return nil }
        var head = TextFields.trimmed(line[..<range.lowerBound])
        guard let last = head.last, last == "#" || last == ">" else { return nil }
        head.removeLast()
        if let at = head.lastIndex(of: "@") { head = String(head[head.index(after: at)...]) }
        if let paren = head.firstIndex(of: "(") { head = String(head[..<paren]) }
        let name = TextFields.trimmed(head)
        guard !name.isEmpty, name.count <= 64, !name.contains(" ") else { return nil }
        return name
    }

    /// True when the line is a saved prompt; its name becomes the switch unless one was given.
    static func adoptPrompt(_ line: String, as switchName: inout String?) -> Bool {
        guard let name = promptName(line) else { return false }
        if switchName == nil { switchName = name }
        return true
    }

    /// Seconds since 1970 for a civil UTC date and time (no Calendar: the lease files are long).
    static func utc(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Date? {
        guard (1970...9999).contains(year), (1...12).contains(month), (1...31).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        // Days from civil (proleptic Gregorian), Howard Hinnant's well-known arithmetic.
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3_600 + minute * 60 + second))
    }

    /// Integers of a string split on any of the given separators.
    static func numbers(_ text: Substring, separators: Set<Character>) -> [Int]? {
        let parts = text.split(whereSeparator: { separators.contains($0) })
        var out: [Int] = []
        for part in parts {
            guard let value = Int(part) else { return nil }
            out.append(value)
        }
        return out
    }
}
