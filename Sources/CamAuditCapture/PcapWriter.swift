import Foundation

/// Writes small capture files in memory: classic pcap (microsecond, little-endian) or pcapng
/// (one section, one interface). The tests build their fixtures with it; it never touches a
/// network interface.
public struct PcapWriter: Sendable {
    public enum Format: Sendable { case pcap, pcapng }

    public let format: Format
    public let linkType: UInt32
    public let snaplen: UInt32
    public private(set) var bytes: [UInt8] = []

    public init(format: Format = .pcap, linkType: UInt32 = 1, snaplen: UInt32 = 65535) {
        self.format = format
        self.linkType = linkType
        self.snaplen = snaplen
        switch format {
        case .pcap:
            append32(0xA1B2_C3D4)
            append16(2); append16(4)
            append32(0); append32(0)
            append32(snaplen); append32(linkType)
        case .pcapng:
            // Section header block, then one interface description block.
            append32(0x0A0D_0D0A); append32(28); append32(0x1A2B_3C4D)
            append16(1); append16(0)
            append32(0xFFFF_FFFF); append32(0xFFFF_FFFF)
            append32(28)
            append32(1); append32(20)
            append16(UInt16(truncatingIfNeeded: linkType)); append16(0)
            append32(snaplen)
            append32(20)
        }
    }

    /// Appends one packet; `originalLength` larger than the data records a snaplen-cut packet.
    public mutating func append(_ packet: [UInt8], microseconds: UInt64, originalLength: Int? = nil) {
        let original = UInt32(truncatingIfNeeded: originalLength ?? packet.count)
        let captured = UInt32(truncatingIfNeeded: packet.count)
        switch format {
        case .pcap:
            append32(UInt32(truncatingIfNeeded: microseconds / 1_000_000))
            append32(UInt32(truncatingIfNeeded: microseconds % 1_000_000))
            append32(captured); append32(original)
            bytes += packet
        case .pcapng:
            let padding = (4 - packet.count % 4) % 4
            let total = UInt32(truncatingIfNeeded: 32 + packet.count + padding)
            append32(6); append32(total)
            append32(0)
            append32(UInt32(truncatingIfNeeded: microseconds >> 32)); append32(UInt32(truncatingIfNeeded: microseconds))
            append32(captured); append32(original)
            bytes += packet
            bytes += [UInt8](repeating: 0, count: padding)
            append32(total)
        }
    }

    public func write(to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    private mutating func append16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    private mutating func append32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}
