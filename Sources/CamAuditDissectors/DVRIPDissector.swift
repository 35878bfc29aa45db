import CamAuditModel

/// Dahua's private protocol on TCP 37777: the answer to the credential-free realm request
/// (`b0 01` header, then `Realm:…\r\nRandom:…`), and the legacy UDP 5050 discovery answer.
public enum DVRIPDissector {
    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        guard bytes.count >= 1 else { throw DissectError("empty TCP/37777 answer") }
        var out: [Observation] = [
            Observation(field: ObservationField.dahuaDVRIPReply, value: Bytes.hex(bytes.prefix(32)), source: source),
        ]
        if bytes.count > 32, bytes[0] == 0xB0 {
            let declared = Int(Bytes.u32le(bytes, 4) ?? 0)
            let payload = Bytes.text(bytes[32..<min(bytes.count, 32 + min(max(declared, 0), 4096))])
            for line in payload.split(whereSeparator: \.isNewline) where line.hasPrefix("Realm:") {
                out.append(Observation(field: ObservationField.dahuaDVRIPRealm, value: Bytes.trimmed(line.dropFirst(6)), source: source))
            }
        }
        return out
    }

    /// Legacy discovery answer on UDP 5050 (first byte 0xB3): name at 0x28, MAC text after 0x78.
    public static func legacyDiscovery(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        guard bytes.count >= 0x78, bytes[0] == 0xB3 else {
            throw DissectError("not a Dahua 5050 discovery answer (needs 0xB3 and at least 120 bytes)")
        }
        var out: [Observation] = []
        let name = Bytes.cString(bytes, 0x28, 16)
        if !name.isEmpty { out.append(Observation(field: ObservationField.dahuaLegacyName, value: name, source: source)) }
        let macLength = Int(bytes[2])
        if macLength >= 17 {
            let mac = Bytes.cString(bytes, 0x78, 17)
            out.append(Observation(field: ObservationField.dahuaLegacyMAC, value: mac, source: source))
            out.append(Observation(field: ObservationField.macAddress, value: mac, source: source))
        }
        return out
    }
}
