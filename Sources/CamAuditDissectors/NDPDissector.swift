import CamAuditModel

/// IPv6 neighbour discovery (RFC 4861): the link-layer address a host states about itself in a
/// Router Solicitation, Router Advertisement or Neighbor Solicitation (Source Link-Layer
/// Address option) or in a Neighbor Advertisement (Target Link-Layer Address option). The
/// payload is the ICMPv6 message from its type byte on.
public enum NDPDissector {
    /// ICMPv6 types of RFC 4861 §4.1–§4.4, and where each one's options start.
    public static let optionsOffset: [UInt8: Int] = [
        133: 8,   // Router Solicitation: type, code, checksum, 4 reserved (§4.1)
        134: 16,  // Router Advertisement: … hop limit, flags, lifetime, reachable, retrans (§4.2)
        135: 24,  // Neighbor Solicitation: … 4 reserved, 16-byte target (§4.3)
        136: 24,  // Neighbor Advertisement: … R/S/O flags and 3 reserved, 16-byte target (§4.4)
    ]

    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        guard let type = bytes.first, let start = optionsOffset[type] else {
            throw DissectError("not a neighbour discovery message (ICMPv6 type 133 to 136)")
        }
        guard bytes.count >= start else { throw DissectError("neighbour discovery message shorter than its fixed part") }
        // RS, RA and NS state the sender's address in option 1; NA in option 2 (§4.6.1).
        let wanted: UInt8 = type == 136 ? 2 : 1
        var out: [Observation] = []
        var offset = start
        // Options are type, length in units of 8 octets (0 is invalid: §4.6), value. A bounded
        // count keeps a hostile chain of short options cheap.
        for _ in 0..<32 {
            guard offset + 2 <= bytes.count else { break }
            let optionType = bytes[offset]
            let units = Int(bytes[offset + 1])
            guard units > 0 else { throw DissectError("neighbour discovery option \(optionType) has length 0") }
            let end = offset + units * 8
            guard end <= bytes.count else { throw DissectError("neighbour discovery option \(optionType) runs past the end") }
            // Ethernet: one unit, the 6-byte address after type and length (RFC 2464 §6).
            if optionType == wanted, units == 1 {
                let mac = bytes[(offset + 2)..<(offset + 8)]
                if !mac.allSatisfy({ $0 == 0 }), mac.first.map({ $0 & 1 == 0 }) == true {
                    out.append(Observation(field: ObservationField.macAddress, value: mac.map { Bytes.hex([$0]) }.joined(separator: ":"), source: source))
                }
            }
            offset = end
        }
        return out
    }
}
