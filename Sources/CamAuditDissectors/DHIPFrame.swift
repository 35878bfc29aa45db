/// Dahua's DHIP framing (protocols.md §5.1), the one definition for the dissector, the scanner's
/// probe, passive stream recognition and the capture generators: a 32-byte little-endian
/// header, 0x20 first, the magic `DHIP` at offset 4, the payload length at 16 and again at 24.
public enum DHIPFrame {
    public static let headerLength = 32
    static let magic: [UInt8] = Array("DHIP".utf8)

    /// Whether the bytes carry DHIP's magic where the header puts it; `minimumLength` 32 when the
    /// whole header must be there too (a stream the dissector will read).
    public static func isFramed<Bytes: Collection<UInt8>>(_ bytes: Bytes, minimumLength: Int = 8) -> Bool
    where Bytes.Index == Int {
        bytes.count >= max(8, minimumLength) && bytes[(bytes.startIndex + 4)..<(bytes.startIndex + 8)].elementsEqual(magic)
    }

    /// The header for a payload of `payloadLength` bytes.
    public static func header(payloadLength: Int) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: headerLength)
        header[0] = 0x20
        header.replaceSubrange(4..<8, with: magic)
        for offset in [16, 24] {
            for byte in 0..<4 { header[offset + byte] = UInt8(truncatingIfNeeded: UInt32(truncatingIfNeeded: payloadLength) >> UInt32(8 * byte)) }
        }
        return header
    }
}
