import Foundation

/// The subject and issuer of a recorded certificate, read from the printed forms records carry
/// (`curl -v` "subject:/issuer:", `openssl s_client` " 0 s:/   i:", one-line `K=V, K=V`), for a
/// throw-away certificate that names the same. A certificate printed without an issuer is
/// taken as self-signed.
public struct ReplayCertificateNames: Sendable, Equatable {
    public var subject: [Attribute]
    public var issuer: [Attribute]

    public struct Attribute: Sendable, Equatable {
        public var key: String
        public var value: String
    }

    public var selfSigned: Bool { subject == issuer }

    public init?(_ printed: String) {
        let text = Self.unescapingHex(printed)
        var subject: [Attribute]?
        var issuer: [Attribute]?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            let lower = line.lowercased()
            let isIssuer: Bool
            if lower.hasPrefix("issuer:") || lower.hasPrefix("i:") {
                isIssuer = true
            } else if lower.hasPrefix("subject:") || lower.hasPrefix("s:") || lower.hasPrefix("0 s:") {
                isIssuer = false
            } else {
                continue
            }
            line = String(line[line.index(after: line.firstIndex(of: ":")!)...])
            let attributes = Self.attributes(line)
            guard !attributes.isEmpty else { continue }
            if isIssuer { issuer = issuer ?? attributes } else { subject = subject ?? attributes }
        }
        guard let subject else { return nil }
        self.subject = subject
        self.issuer = issuer ?? subject
    }

    /// `K=V; K=V` or `K = V, K = V` (a comma inside a value, as in `CO.,LTD.`, is kept).
    static func attributes(_ line: String) -> [Attribute] {
        let separator = line.contains(";") ? #";\s*(?=[A-Za-z]+\s*=)"# : #",\s*(?=[A-Za-z]+\s*=)"#
        var parts: [String] = []
        var rest = Substring(line)
        while let range = rest.range(of: separator, options: .regularExpression) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts.compactMap { part in
            guard let equals = part.firstIndex(of: "=") else { return nil }
            let key = part[..<equals].trimmingCharacters(in: .whitespaces)
            let value = part[part.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter }), !value.isEmpty else { return nil }
            return Attribute(key: key, value: value)
        }
    }

    /// nmap prints bytes beyond ASCII as `\xHH` (a no-break space as `\xC2\xA0`): the
    /// certificate had the bytes themselves.
    static func unescapingHex(_ text: String) -> String {
        guard text.contains("\\x") else { return text }
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "\\"), index + 3 < utf8.count, utf8[index + 1] == UInt8(ascii: "x"),
               let byte = UInt8(String(decoding: utf8[index + 2...index + 3], as: UTF8.self), radix: 16) {
                bytes.append(byte)
                index += 4
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The name as `openssl req -subj` takes it: `/K=V/K=V`, slashes in values escaped.
    public static func opensslSubject(_ attributes: [Attribute]) -> String {
        attributes.map { "/\($0.key)=\($0.value.replacingOccurrences(of: "/", with: "\\/"))" }.joined()
    }
}
