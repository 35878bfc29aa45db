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

    /// Legacy discovery answer on UDP 5050 (first byte 0xB3): name at 0x28, MAC text after 0x78.
    /// The layout is checked before anything is read from it (protocols.md §5.2): the sections
    /// must fit the datagram, the name must be text and the MAC must read as one. Random bytes
    /// behind a 0xB3 (a flood, a broken host) would otherwise give a new "name" every packet.
    public static func legacyDiscovery(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        guard bytes.count >= 0x78, bytes[0] == 0xB3 else {
            throw DissectError("not a Dahua 5050 discovery answer (needs 0xB3 and at least 120 bytes)")
        }
        let macLength = Int(bytes[2])
        let declared = 0x78 + macLength + Int(Bytes.u16le(bytes, 0x14) ?? 0)
        guard declared <= bytes.count else {
            throw DissectError("Dahua 5050 answer declares \(declared) bytes but has \(bytes.count)")
        }
        let nameField = bytes[0x28..<0x38].prefix { $0 != 0 }
        guard nameField.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw DissectError("Dahua 5050 answer's name field is not text")
        }
        var out: [Observation] = []
        if !nameField.isEmpty {
            out.append(Observation(field: ObservationField.dahuaLegacyName, value: String(decoding: nameField, as: UTF8.self), source: source))
        }
        if macLength >= 17 {
            let mac = Bytes.cString(bytes, 0x78, 17)
            guard MACText.hexDigits(mac) != nil else { throw DissectError("Dahua 5050 answer's MAC section is not a MAC address") }
            out.append(Observation(field: ObservationField.dahuaLegacyMAC, value: mac, source: source))
            out.append(Observation(field: ObservationField.macAddress, value: mac, source: source))
        }
        return out
    }
}
