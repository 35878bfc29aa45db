import CamAuditModel

/// DHCP client messages (BOOTP with the magic cookie): hostname (12), vendor class (60),
/// parameter request list (55) in order, and the client hardware address.
public enum DHCPDissector {
    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        guard bytes.count >= 240, bytes[236..<240].elementsEqual([0x63, 0x82, 0x53, 0x63]) else {
            throw DissectError("not a DHCP message (no magic cookie at offset 236)")
        }
        var out: [Observation] = []
        func add(_ field: String, _ value: String) {
            if !value.isEmpty { out.append(Observation(field: field, value: value, source: source)) }
        }
        if bytes[1] == 1, bytes[2] == 6 {
            add(ObservationField.macAddress, bytes[28..<34].map { Bytes.hex([$0]) }.joined(separator: ":"))
        }
        var index = 240
        while index < bytes.count {
            let code = bytes[index]
            if code == 255 { break }
            if code == 0 { index += 1; continue }
            guard index + 1 < bytes.count else { throw DissectError("DHCP option \(code) is cut off") }
            let length = Int(bytes[index + 1])
            let start = index + 2
            guard start + length <= bytes.count else { throw DissectError("DHCP option \(code) runs past the end of the packet") }
            let value = Array(bytes[start..<start + length])
            switch code {
            case 12: add(ObservationField.dhcpHostname, Bytes.cString(value, 0, value.count))
            case 60: add(ObservationField.dhcpVendorClass, Bytes.cString(value, 0, value.count))
            case 55: add(ObservationField.dhcpParameterList, value.map(String.init).joined(separator: ","))
            default: break
            }
            index = start + length
        }
        return out
    }
}
