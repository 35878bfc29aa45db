import CamAuditModel

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
        guard (1...12).contains(digits), let value = MACText.hexValue(prefix.utf8) else { return nil }
        packed = value | UInt64(digits) << 48
    }
}
