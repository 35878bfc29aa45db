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
}
