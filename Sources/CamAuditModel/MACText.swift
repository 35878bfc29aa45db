import Foundation

/// MAC addresses as devices write them, for the dissectors and the matcher alike.
public enum MACText {
    /// Twelve upper-case hex digits from `aa:bb:cc:dd:ee:ff`, `AA-BB-…`, `aabb.ccdd.eeff` or bare hex.
    public static func hexDigits(_ text: String) -> String? {
        let digits = text.uppercased().filter { $0.isHexDigit }
        let separators = text.filter { !$0.isHexDigit }
        guard digits.count == 12, separators.allSatisfy({ ":-. ".contains($0) }) else { return nil }
        return digits
    }

    /// `aa:bb:cc:dd:ee:ff`.
    public static func normalized(_ text: String) -> String? {
        guard let hex = hexDigits(text)?.lowercased() else { return nil }
        var out = ""
        for (index, ch) in hex.enumerated() {
            if index > 0 && index % 2 == 0 { out.append(":") }
            out.append(ch)
        }
        return out
    }

    /// `aa:bb:cc` for a value that is only an organisationally unique identifier (six hex
    /// digits, as exports and forum posts often give it); nil for anything else.
    public static func prefixOnly(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.lowercased().filter { $0.isHexDigit }
        let separators = trimmed.filter { !$0.isHexDigit }
        guard digits.count == 6, separators.allSatisfy({ ":-. ".contains($0) }) else { return nil }
        let characters = Array(digits)
        return "\(characters[0])\(characters[1]):\(characters[2])\(characters[3]):\(characters[4])\(characters[5])"
    }
}
