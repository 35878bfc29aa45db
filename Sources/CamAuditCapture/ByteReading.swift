/// Bounds-checked big-endian reads: every length and offset in a capture comes from the
/// device or the file, so nothing here traps on a short buffer; callers get nil instead.
extension Array where Element == UInt8 {
    @inline(__always)
    func u8(_ offset: Int) -> UInt8? {
        offset >= 0 && offset < count ? self[offset] : nil
    }

    @inline(__always)
    func u16(_ offset: Int) -> UInt16? {
        guard offset >= 0, offset <= count - 2 else { return nil }
        return UInt16(self[offset]) << 8 | UInt16(self[offset + 1])
    }

    @inline(__always)
    func u32(_ offset: Int) -> UInt32? {
        guard offset >= 0, offset <= count - 4 else { return nil }
        return UInt32(self[offset]) << 24 | UInt32(self[offset + 1]) << 16 | UInt32(self[offset + 2]) << 8 | UInt32(self[offset + 3])
    }

    /// The bytes in `start..<end`, clamped to the buffer.
    func clamped(_ start: Int, _ end: Int) -> ArraySlice<UInt8> {
        let lower = Swift.max(0, Swift.min(start, count))
        let upper = Swift.max(lower, Swift.min(end, count))
        return self[lower..<upper]
    }
}

/// A MAC address as the device sent it, kept in a UInt64 so flow and device keys hash cheaply.
public struct MACAddress: Hashable, Sendable, CustomStringConvertible, Comparable {
    public let value: UInt64

    public init(value: UInt64) { self.value = value & 0xFFFF_FFFF_FFFF }

    init?(_ bytes: [UInt8], at offset: Int) {
        guard offset >= 0, offset <= bytes.count - 6 else { return nil }
        var result: UInt64 = 0
        for index in offset..<(offset + 6) { result = result << 8 | UInt64(bytes[index]) }
        self.value = result
    }

    /// `aa:bb:cc:dd:ee:ff`, written as 17 bytes at once: every device's report and JSON
    /// spells its MAC, and six small strings joined cost more than the rest of a merge.
    public var description: String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 17) { buffer in
            digits.withUTF8Buffer { hex in
                for index in 0..<6 {
                    let byte = Int(truncatingIfNeeded: value >> UInt64(8 * (5 - index))) & 0xFF
                    buffer[index * 3] = hex[byte >> 4]
                    buffer[index * 3 + 1] = hex[byte & 0x0F]
                    if index < 5 { buffer[index * 3 + 2] = UInt8(ascii: ":") }
                }
            }
            return 17
        }
    }

    /// Group (multicast/broadcast) addresses never name a sender.
    public var isGroup: Bool { (value >> 40) & 0x01 != 0 }
    /// Locally administered addresses (randomised phones, VMs) carry no maker prefix (protocols.md §9.1).
    public var isLocallyAdministered: Bool { (value >> 40) & 0x02 != 0 }
    public var isZero: Bool { value == 0 }

    public static func < (lhs: MACAddress, rhs: MACAddress) -> Bool { lhs.value < rhs.value }
}
