/// MAC addresses as devices write them, for the dissectors and the matcher alike. Worked on the
/// UTF-8 bytes: the matcher reads a MAC for every device of a capture, and Character-by-Character
/// filtering was a tenth of the end of a 100,000-device analysis.
public enum MACText {
    /// Twelve upper-case hex digits from `aa:bb:cc:dd:ee:ff`, `AA-BB-…`, `aabb.ccdd.eeff` or bare hex.
    public static func hexDigits(_ text: String) -> String? {
        guard let digits = digits(of: text, count: 12, upperCase: true) else { return nil }
        return String(decoding: digits, as: UTF8.self)
    }

    /// The 48-bit number of a MAC written as `hexDigits` accepts it (12 hex digits, either
    /// case, separated by nothing or by `:`, `-`, `.` or spaces); nil for anything else.
    /// Read in one pass, without the digit string.
    public static func number(_ text: String) -> UInt64? {
        var value: UInt64 = 0
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: " "):
                continue
            default:
                guard digits < 12, let nibble = nibble(byte) else { return nil }
                value = value << 4 | UInt64(nibble)
                digits += 1
            }
        }
        return digits == 12 ? value : nil
    }

    /// The value of up to 16 hex digits, either case, nothing between them; nil for any other byte.
    public static func hexValue<Digits: Collection<UInt8>>(_ digits: Digits) -> UInt64? {
        guard digits.count <= 16 else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            guard let nibble = nibble(byte) else { return nil }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// `aa:bb:cc:dd:ee:ff`.
    public static func normalized(_ text: String) -> String? {
        // Most values are already written this way (every frame MAC of a capture is).
        if isNormalized(text) { return text }
        guard let digits = digits(of: text, count: 12, upperCase: false) else { return nil }
        return grouped(digits)
    }

    /// `aa:bb:cc` for a value that is only an organisationally unique identifier (six hex
    /// digits, as exports and forum posts often give it); nil for anything else.
    public static func prefixOnly(_ text: String) -> String? {
        if isNormalized(text) { return nil }
        guard let digits = digits(of: text, count: 6, upperCase: false, trimming: true) else { return nil }
        return grouped(digits)
    }

    /// True for `aa:bb:cc:dd:ee:ff` exactly (lower-case hex digits in pairs between colons).
    static func isNormalized(_ text: String) -> Bool {
        guard text.utf8.count == 17 else { return false }
        // A MAC is a small string: its bytes are read in place, without an iterator per byte.
        var text = text
        return text.withUTF8 { bytes in
            for position in 0..<17 {
                let byte = bytes[position]
                let fits = position % 3 == 2
                    ? byte == UInt8(ascii: ":")
                    : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                if !fits { return false }
            }
            return true
        }
    }

    /// Exactly `count` hex digits separated only by `:`, `-`, `.` or spaces (and, with
    /// `trimming`, surrounded by spaces or tabs); nil for anything else.
    private static func digits(of text: String, count: Int, upperCase: Bool, trimming: Bool = false) -> [UInt8]? {
        var utf8 = text.utf8[...]
        if trimming {
            while let first = utf8.first, first == 0x20 || first == 0x09 { utf8 = utf8.dropFirst() }
            while let last = utf8.last, last == 0x20 || last == 0x09 { utf8 = utf8.dropLast() }
        }
        var out: [UInt8] = []
        out.reserveCapacity(count)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.append(byte)
            case UInt8(ascii: "a")...UInt8(ascii: "f"):
                out.append(upperCase ? byte - 0x20 : byte)
            case UInt8(ascii: "A")...UInt8(ascii: "F"):
                out.append(upperCase ? byte : byte + 0x20)
            case UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: " "):
                continue
            default:
                return nil
            }
            if out.count > count { return nil }
        }
        return out.count == count ? out : nil
    }

    /// Hex digits in pairs joined by colons.
    private static func grouped(_ digits: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(digits.count * 3 / 2)
        for (index, digit) in digits.enumerated() {
            if index > 0 && index % 2 == 0 { out.append(UInt8(ascii: ":")) }
            out.append(digit)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
