import CamAuditModel

/// Dahua's private protocol on TCP 37777: the answer to the credential-free realm request
/// (`b0 01` header, then `Realm:…\r\nRandom:…`), and the legacy UDP 5050 discovery answer.
public enum DVRIPDissector {
    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        guard bytes.count >= 1 else { throw DissectError("empty TCP/37777 answer") }
        // Newer firmware answers on 37777 in DHIP framing (a JSON RPC body), not DVRIP's.
        if DHIPFrame.isFramed(bytes, minimumLength: DHIPFrame.headerLength) {
            return try DHIPDissector.observations(bytes, source: source)
        }
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

    /// Legacy discovery answer on UDP 5050 (first byte 0xB3): `DahuaLegacyAnswer`.
    public static func legacyDiscovery(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        try DahuaLegacyAnswer.observations(bytes, source: source)
    }
}
