/// A registry prefix as a number: its hex digits' value and how many digits it has, so a MAC
/// is looked up at three prefix lengths without building three strings.
struct OUIKey: Hashable, Sendable {
    private let packed: UInt64

    /// The first `digits` hex digits of a 48-bit address.
    init(address: UInt64, digits: Int) {
        packed = address >> UInt64(4 * (12 - digits)) | UInt64(digits) << 48
    }

    /// A prefix of 1 to 12 hex digits as the registry writes it; nil for anything else.
    init?(prefix: String) {
        let digits = prefix.utf8.count
        guard (1...12).contains(digits), let value = Self.value(ofHexDigits: prefix.utf8) else { return nil }
        packed = value | UInt64(digits) << 48
    }

    /// A MAC written as 12 hex digits, separated by nothing or by `:`, `-`, `.` or spaces (as
    /// `MACText` accepts it), as a 48-bit number; nil for anything else.
    static func address(ofMAC text: String) -> UInt64? {
        var value: UInt64 = 0
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: " "):
                continue
            default:
                guard digits < 12, let nibble = Self.nibble(byte) else { return nil }
                value = value << 4 | UInt64(nibble)
                digits += 1
            }
        }
        return digits == 12 ? value : nil
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// The value of up to 12 hex digits, either case; nil for any other byte.
    static func value<Digits: Collection<UInt8>>(ofHexDigits digits: Digits) -> UInt64? {
        guard digits.count <= 12 else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            guard let nibble = nibble(byte) else { return nil }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }
}
