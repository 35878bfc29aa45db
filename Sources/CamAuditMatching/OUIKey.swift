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

    /// The value of up to 12 hex digits, either case; nil for any other byte.
    static func value<Digits: Collection<UInt8>>(ofHexDigits digits: Digits) -> UInt64? {
        guard digits.count <= 12 else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }
}
