import CamAuditModel

/// LLDP (IEEE 802.1AB) and CDP announcements: what a device says about itself to its switch.
/// protocols.md §8 finds no evidence that Hikvision or Dahua cameras send either, but when a
/// device does (or a switch relays LLDP-MED inventory), its names are cheap, direct evidence.
public enum LLDPDissector {
    /// LLDPDU TLVs: 7-bit type, 9-bit length. System name (5) and description (6), and the
    /// LLDP-MED inventory TLVs (TIA OUI 00-12-BB, subtypes 5–10).
    public static func lldp(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        var out: [Observation] = []
        var index = 0
        while index + 2 <= bytes.count, out.count < 16 {
            let type = Int(bytes[index]) >> 1
            let length = (Int(bytes[index]) & 1) << 8 | Int(bytes[index + 1])
            index += 2
            guard index + length <= bytes.count else { throw DissectError("LLDP TLV runs past the frame") }
            let value = bytes[index..<(index + length)]
            index += length
            switch type {
            case 0: return out
            case 5: append(ObservationField.lldpSystemName, value, to: &out, source: source)
            case 6: append(ObservationField.lldpSystemDescription, value, to: &out, source: source)
            case 127 where length >= 4 && value.prefix(3).elementsEqual([0x00, 0x12, 0xBB]):
                let fields: [UInt8: String] = [
                    6: ObservationField.lldpFirmware, 8: ObservationField.lldpSerial,
                    9: ObservationField.lldpManufacturer, 10: ObservationField.lldpModel,
                ]
                if let field = fields[value[value.startIndex + 3]] { append(field, value.dropFirst(4), to: &out, source: source) }
            default: continue
            }
        }
        return out
    }

    /// CDP TLVs after the version/TTL/checksum header: 16-bit type and a length that counts
    /// the 4-byte TLV header. Device ID (1), software version (5), platform (6).
    public static func cdp(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        guard bytes.count >= 4 else { throw DissectError("CDP header cut short") }
        var out: [Observation] = []
        var index = 4
        while index + 4 <= bytes.count, out.count < 16 {
            let type = Int(bytes[index]) << 8 | Int(bytes[index + 1])
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            guard length >= 4, index + length <= bytes.count else { throw DissectError("CDP TLV length \(length) does not fit the frame") }
            let value = bytes[(index + 4)..<(index + length)]
            index += length
            switch type {
            case 1: append(ObservationField.cdpDeviceID, value, to: &out, source: source)
            case 5: append(ObservationField.cdpSoftware, value, to: &out, source: source)
            case 6: append(ObservationField.cdpPlatform, value, to: &out, source: source)
            default: continue
            }
        }
        return out
    }

    private static func append(_ field: String, _ value: ArraySlice<UInt8>, to out: inout [Observation], source: EvidenceSource) {
        let text = Bytes.trimmed(Bytes.text(value.prefix(512)))
        guard !text.isEmpty else { return }
        out.append(Observation(field: field, value: text, source: source))
    }
}
