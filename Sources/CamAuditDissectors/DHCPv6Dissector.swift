import CamAuditModel

/// DHCPv6 client messages (RFC 8415): the client's DUID (a DUID-LL or DUID-LLT embeds its MAC,
/// a DUID-EN its maker's enterprise number), the Client FQDN (option 39, RFC 4704), the Vendor
/// Class (option 16, with an enterprise number) and the option request list (option 6).
public enum DHCPv6Dissector {
    /// Message types a client sends (RFC 8415 §7.3): Solicit, Request, Confirm, Renew, Rebind,
    /// Release, Decline, Information-request. Advertise, Reply and Reconfigure come from servers.
    public static let clientMessageTypes: Set<UInt8> = [1, 3, 4, 5, 6, 8, 9, 11]
    /// Relay-forward (RFC 8415 §9): a relay agent passing a client's message on.
    public static let relayForward: UInt8 = 12

    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        guard let type = bytes.first else { throw DissectError("empty DHCPv6 message") }
        if type == relayForward {
            // A relayed message describes its client, not the relay that sent it.
            guard let relayed = try relayedClientMessage(bytes) else { throw DissectError("DHCPv6 Relay-forward carries no client message") }
            return try observations(relayed.message, source: source)
        }
        guard clientMessageTypes.contains(type) else { throw DissectError("not a DHCPv6 client message (type \(type))") }
        // msg-type (1), transaction-id (3), then options (RFC 8415 §8).
        guard bytes.count >= 4 else { throw DissectError("DHCPv6 message shorter than its 4-byte header") }
        var out: [Observation] = []
        func add(_ field: String, _ value: String) {
            if !value.isEmpty, !out.contains(where: { $0.field == field && $0.value == value }) {
                out.append(Observation(field: field, value: String(value.prefix(256)), source: source))
            }
        }
        try forEachOption(bytes, from: 4) { code, value in
            switch code {
            case 1:
                // Client Identifier: a DUID (RFC 8415 §11).
                let duid = DUID(value)
                if let mac = duid.mac { add(ObservationField.macAddress, mac) }
                if let enterprise = duid.enterpriseNumber { add(ObservationField.dhcpv6EnterpriseNumber, String(enterprise)) }
            case 6:
                // Option Request: 2-byte option codes (RFC 8415 §21.7).
                let codes = stride(from: 0, to: value.count - 1, by: 2).prefix(64).map { String(Int(value[$0]) << 8 | Int(value[$0 + 1])) }
                add(ObservationField.dhcpv6OptionRequest, codes.joined(separator: ","))
            case 16:
                // Vendor Class: enterprise-number (4), then length-prefixed (2) data items (RFC 8415 §21.16).
                guard value.count >= 4 else { break }
                add(ObservationField.dhcpv6EnterpriseNumber, String(Bytes.u32be(value, 0) ?? 0))
                var index = 4
                var items = 0
                while index + 2 <= value.count, items < 8 {
                    let length = Int(value[index]) << 8 | Int(value[index + 1])
                    let end = index + 2 + length
                    guard end <= value.count else { break }
                    add(ObservationField.dhcpVendorClass, Bytes.cString(value, index + 2, length))
                    index = end
                    items += 1
                }
            case 39:
                // Client FQDN: flags (1), then the name in DNS wire form, possibly partial
                // (no root label) (RFC 4704 §4). The first label is the host name.
                guard value.count > 1 else { break }
                let labels = Self.labels(value, from: 1)
                if let host = labels.first { add(ObservationField.dhcpHostname, host) }
                if labels.count > 1 { add(ObservationField.dhcpv6FQDN, labels.joined(separator: ".")) }
            default:
                break
            }
        }
        return out
    }

    /// The client message and the client's address (peer-address) of a Relay-forward, following
    /// nested relays: hop-count (1), link-address (16), peer-address (16), options (RFC 8415 §9),
    /// the client's message in option 9 (§21.10).
    public static func relayedClientMessage(_ bytes: [UInt8]) throws(DissectError) -> (peer: [UInt8], message: [UInt8])? {
        var current = bytes
        var peer: [UInt8] = []
        // Relays nest at most 8 deep (HOP_COUNT_LIMIT 8, RFC 8415 §7.6).
        for _ in 0..<9 {
            guard current.first == relayForward else { break }
            guard current.count >= 34 else { throw DissectError("DHCPv6 Relay-forward shorter than its 34-byte header") }
            if peer.isEmpty { peer = Array(current[18..<34]) }
            var inner: [UInt8]?
            try forEachOption(current, from: 34) { code, value in
                if code == 9, inner == nil { inner = value }
            }
            guard let inner else { return nil }
            current = inner
        }
        guard let type = current.first, clientMessageTypes.contains(type) else { return nil }
        return (peer, current)
    }

    /// Calls `body` with each option's code and value; a cut option ends the message with an error.
    static func forEachOption(_ bytes: [UInt8], from start: Int, _ body: (UInt16, [UInt8]) throws(DissectError) -> Void) throws(DissectError) {
        var index = start
        var count = 0
        // Option code (2), option length (2), value (RFC 8415 §21.1).
        while index + 4 <= bytes.count, count < 128 {
            let code = UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            let end = index + 4 + length
            guard end <= bytes.count else { throw DissectError("DHCPv6 option \(code) runs past the end of the message") }
            try body(code, Array(bytes[(index + 4)..<end]))
            index = end
            count += 1
        }
    }

    /// DNS wire-form labels (RFC 1035 §3.1) without compression, stopping at the root label or
    /// the end (a partial name); at most 255 bytes.
    static func labels(_ bytes: [UInt8], from start: Int) -> [String] {
        var labels: [String] = []
        var index = start
        while index < bytes.count, labels.count < 127 {
            let length = Int(bytes[index])
            guard length > 0, length <= 63, index + 1 + length <= bytes.count, index + 1 + length - start <= 255 else { break }
            let label = Bytes.cString(bytes, index + 1, length)
            guard !label.isEmpty else { break }
            labels.append(label)
            index += 1 + length
        }
        return labels
    }

    /// A DHCP Unique Identifier (RFC 8415 §11): type (2), then a type-specific body.
    struct DUID {
        var mac: String?
        var enterpriseNumber: UInt32?

        init(_ bytes: [UInt8]) {
            guard bytes.count >= 2 else { return }
            let type = Int(bytes[0]) << 8 | Int(bytes[1])
            let hardwareType = bytes.count >= 4 ? Int(bytes[2]) << 8 | Int(bytes[3]) : 0
            switch type {
            case 1:
                // DUID-LLT: hardware type (2), time (4), link-layer address (§11.2).
                if hardwareType == 1, bytes.count == 14 { mac = Self.mac(bytes[8..<14]) }
            case 2:
                // DUID-EN: enterprise number (4), identifier (§11.3).
                enterpriseNumber = Bytes.u32be(bytes, 2)
            case 3:
                // DUID-LL: hardware type (2), link-layer address (§11.4). Hardware type 1 is Ethernet.
                if hardwareType == 1, bytes.count == 10 { mac = Self.mac(bytes[4..<10]) }
            default:
                break
            }
        }

        private static func mac(_ bytes: ArraySlice<UInt8>) -> String? {
            guard !bytes.allSatisfy({ $0 == 0 }), let first = bytes.first, first & 1 == 0 else { return nil }
            return bytes.map { Bytes.hex([$0]) }.joined(separator: ":")
        }
    }
}
