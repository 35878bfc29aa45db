import CamAuditModel
import Testing
@testable import CamAuditDissectors

/// Neighbour discovery, DHCPv6 and mDNS answers laid out byte for byte as their RFCs define
/// them, and what each yields; every prefix of every message is also fed in (no crash, no hang).
@Suite struct IPv6DiscoveryDissectorTests {
    static let mac: [UInt8] = [0x08, 0xED, 0xED, 0x11, 0x22, 0x33]
    /// fe80::aed:edff:fe11:2233, the modified EUI-64 link-local address of that MAC (RFC 4291 App. A).
    static let linkLocal: [UInt8] = [0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0x0A, 0xED, 0xED, 0xFF, 0xFE, 0x11, 0x22, 0x33]

    func fields(_ protocolName: String, _ bytes: [UInt8]) throws -> [String: [String]] {
        let observations = try ProtocolDissector.dissect(protocol: protocolName, payload: bytes, source: EvidenceSource(protocolName: protocolName))
        return Dictionary(grouping: observations, by: \.field).mapValues { $0.map(\.value) }
    }

    func neverCrashes(_ protocolName: String, _ bytes: [UInt8]) {
        for end in 0...bytes.count {
            _ = try? ProtocolDissector.dissect(protocol: protocolName, payload: Array(bytes[0..<end]), source: EvidenceSource())
        }
        // A byte flipped at every position.
        for index in bytes.indices {
            var copy = bytes
            copy[index] ^= 0xFF
            _ = try? ProtocolDissector.dissect(protocol: protocolName, payload: copy, source: EvidenceSource())
        }
    }

    // MARK: RFC 4861

    /// RFC 4861 §4.3: type 135, code, checksum, 4 reserved bytes, the target address, then
    /// options; §4.6.1: the Source Link-Layer Address option (type 1, length 1 = 8 bytes).
    static let neighborSolicitation: [UInt8] = [135, 0, 0x4F, 0x2A, 0, 0, 0, 0]
        + [0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
        + [1, 1] + mac

    @Test func neighborSolicitationStatesTheSendersMAC() throws {
        #expect(try fields("ndp", Self.neighborSolicitation)[ObservationField.macAddress] == ["08:ed:ed:11:22:33"])
        neverCrashes("ndp", Self.neighborSolicitation)
    }

    /// RFC 4861 §4.4: type 136, flags (R S O) in the first byte after the checksum, the target,
    /// and the Target Link-Layer Address option (type 2). A Source option in an NA is not the
    /// address asked for and is ignored.
    @Test func neighborAdvertisementStatesTheTargetsMAC() throws {
        let advertisement: [UInt8] = [136, 0, 0x12, 0x34, 0x60, 0, 0, 0] + Self.linkLocal + [2, 1] + Self.mac
        #expect(try fields("ndp", advertisement)[ObservationField.macAddress] == ["08:ed:ed:11:22:33"])
        let wrongOption: [UInt8] = [136, 0, 0x12, 0x34, 0x60, 0, 0, 0] + Self.linkLocal + [1, 1] + Self.mac
        #expect(try fields("ndp", wrongOption)[ObservationField.macAddress] == nil)
        neverCrashes("ndp", advertisement)
    }

    /// RFC 4861 §4.1: a Router Solicitation (type 133) is 8 bytes before its options; an
    /// unknown option (a nonce, type 14, RFC 3971 §5.3.2) is stepped over by its length.
    @Test func routerSolicitationWithANonceBeforeTheAddress() throws {
        let solicitation: [UInt8] = [133, 0, 0xAB, 0xCD, 0, 0, 0, 0] + [14, 1, 1, 2, 3, 4, 5, 6] + [1, 1] + Self.mac
        #expect(try fields("ndp", solicitation)[ObservationField.macAddress] == ["08:ed:ed:11:22:33"])
        neverCrashes("ndp", solicitation)
    }

    /// RFC 4861 §4.6: an option of length 0 makes the message invalid; echo requests are not NDP.
    @Test func zeroLengthOptionsAndOtherICMPv6AreRefused() {
        #expect(throws: DissectError.self) { try NDPDissector.observations([133, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], source: EvidenceSource()) }
        #expect(throws: DissectError.self) { try NDPDissector.observations([128, 0, 0, 0, 0, 1, 0, 1], source: EvidenceSource()) }
        // A group (multicast) or all-zero address is not a host's own.
        let zero: [UInt8] = [133, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]
        #expect((try? NDPDissector.observations(zero, source: EvidenceSource()))?.isEmpty == true)
    }

    // MARK: RFC 8415

    static func option(_ code: UInt16, _ value: [UInt8]) -> [UInt8] {
        [UInt8(code >> 8), UInt8(code & 0xFF), UInt8(value.count >> 8), UInt8(value.count & 0xFF)] + value
    }

    static func dnsName(_ labels: [String], root: Bool = true) -> [UInt8] {
        labels.flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) } + (root ? [0] : [])
    }

    /// RFC 8415 §8 (msg-type 1 Solicit, 3-byte transaction id), §21.2 Client Identifier with a
    /// DUID-LL (§11.4: type 3, hardware type 1, the MAC), §21.9 Elapsed Time, §21.7 Option
    /// Request (23 DNS servers, 24 domain list, 39 FQDN), §21.16 Vendor Class (enterprise number,
    /// then 2-byte length-prefixed data), RFC 4704 §4 Client FQDN (flags, then a DNS name).
    static let solicit: [UInt8] = [1, 0x5A, 0x1B, 0x2C]
        + option(1, [0, 3, 0, 1] + mac)
        + option(8, [0, 0])
        + option(6, [0, 23, 0, 24, 0, 39])
        + option(16, [0, 0, 0x98, 0xFD] + [0, 9] + Array("hikvision".utf8))
        + option(39, [0x01] + dnsName(["DS-2CD2143G0-I", "school", "example"]))

    @Test func solicitWithDUIDLLHostnameAndVendorClass() throws {
        let observed = try fields("dhcpv6", Self.solicit)
        #expect(observed[ObservationField.macAddress] == ["08:ed:ed:11:22:33"])
        #expect(observed[ObservationField.dhcpHostname] == ["DS-2CD2143G0-I"])
        #expect(observed[ObservationField.dhcpv6FQDN] == ["DS-2CD2143G0-I.school.example"])
        #expect(observed[ObservationField.dhcpVendorClass] == ["hikvision"])
        #expect(observed[ObservationField.dhcpv6EnterpriseNumber] == ["39165"])
        #expect(observed[ObservationField.dhcpv6OptionRequest] == ["23,24,39"])
        neverCrashes("dhcpv6", Self.solicit)
    }

    /// RFC 8415 §11.2: DUID-LLT is type 1, hardware type, a 4-byte time, the link-layer address;
    /// §11.3 DUID-EN type 2 carries an enterprise number (here Dahua's, 1004849); a partial
    /// FQDN (no root label, RFC 4704 §4.1) still gives the host name.
    @Test func requestWithDUIDLLTAndAPartialName() throws {
        let request: [UInt8] = [3, 0, 0, 1] + Self.option(1, [0, 1, 0, 1, 0x2E, 0x1F, 0x3A, 0x10] + Self.mac)
            + Self.option(39, [0x00] + Self.dnsName(["IPC"], root: false))
        let observed = try fields("dhcpv6", request)
        #expect(observed[ObservationField.macAddress] == ["08:ed:ed:11:22:33"])
        #expect(observed[ObservationField.dhcpHostname] == ["IPC"])
        #expect(observed[ObservationField.dhcpv6FQDN] == nil)
        let enterprise: [UInt8] = [11, 0, 0, 2] + Self.option(1, [0, 2, 0x00, 0x0F, 0x55, 0x31, 0xAA, 0xBB])
        #expect(try fields("dhcpv6", enterprise)[ObservationField.dhcpv6EnterpriseNumber] == ["1004849"])
    }

    /// RFC 8415 §9: a Relay-forward (type 12) has hop count, link-address and peer-address, and
    /// the client's message in option 9 (§21.10). The relayed Solicit is read; server messages
    /// (Advertise, type 2) and a cut option are refused.
    @Test func relayForwardCarriesTheClientsMessage() throws {
        let relay: [UInt8] = [12, 0] + [UInt8](repeating: 0, count: 16) + Self.linkLocal
            + Self.option(18, Array("Gi1/0/14".utf8)) + Self.option(9, Self.solicit)
        let relayed = try #require(try DHCPv6Dissector.relayedClientMessage(relay))
        #expect(relayed.peer == Self.linkLocal)
        #expect(relayed.message == Self.solicit)
        #expect(try fields("dhcpv6", relay)[ObservationField.macAddress] == ["08:ed:ed:11:22:33"])
        #expect(throws: DissectError.self) { try DHCPv6Dissector.observations([2, 0, 0, 1], source: EvidenceSource()) }
        #expect(throws: DissectError.self) { try DHCPv6Dissector.observations([1, 0, 0, 1, 0, 1, 0, 40, 0, 3], source: EvidenceSource()) }
        neverCrashes("dhcpv6", relay)
    }

    // MARK: RFC 6762

    /// RFC 6762 §18 (a DNS message, RFC 1035 §4.1): ID 0, flags 0x8400 (QR, AA), no questions,
    /// four answers: PTR `_http._tcp.local` → the instance (§4.1 of RFC 6763), SRV of the
    /// instance (priority, weight, port 80, target, RFC 2782) with the cache-flush bit (RFC 6762
    /// §10.2), TXT (RFC 6763 §6) and the target's AAAA (RFC 3596). Names after the first use
    /// compression pointers (RFC 1035 §4.1.4).
    static let announcement: [UInt8] = {
        var bytes: [UInt8] = [0, 0, 0x84, 0x00, 0, 0, 0, 4, 0, 0, 0, 0]
        let serviceType = bytes.count  // 12
        bytes += dnsName(["_http", "_tcp", "local"])
        bytes += [0, 12, 0, 1, 0, 0, 0x11, 0x94]
        let instance = dnsName(["HIKVISION DS-2CD2143G0-I"], root: false) + [0xC0, UInt8(serviceType)]
        bytes += [0, UInt8(instance.count)]
        let instanceOffset = bytes.count
        bytes += instance
        // SRV
        bytes += [0xC0, UInt8(instanceOffset), 0, 33, 0x80, 1, 0, 0, 0, 120]
        let target = dnsName(["hikcam-2233", "local"])
        bytes += [0, UInt8(6 + target.count), 0, 0, 0, 0, 0, 80]
        let targetOffset = bytes.count
        bytes += target
        // TXT
        let txt: [UInt8] = [9] + Array("path=/doc".utf8) + [0] + [14] + Array("model=DS-2CD21".utf8)
        bytes += [0xC0, UInt8(instanceOffset), 0, 16, 0x80, 1, 0, 0, 0x11, 0x94, 0, UInt8(txt.count)] + txt
        // AAAA
        bytes += [0xC0, UInt8(targetOffset), 0, 28, 0x80, 1, 0, 0, 0, 120, 0, 16] + linkLocal
        return bytes
    }()

    @Test func mdnsAnnouncementNamesHostServiceAndAttributes() throws {
        let observed = try fields("mdns", Self.announcement)
        #expect(observed[ObservationField.mdnsService] == ["hikvision ds-2cd2143g0-i._http._tcp.local"])
        #expect(observed[ObservationField.mdnsHostname] == ["hikcam-2233.local"])
        #expect(observed[ObservationField.mdnsTXT] == ["path=/doc", "model=DS-2CD21"])
        neverCrashes("mdns", Self.announcement)
    }

    /// A query (QR clear) is not an answer; a pointer loop is an error, not a hang.
    @Test func queriesAndPointerLoopsAreRefused() {
        #expect(throws: DissectError.self) { try MDNSDissector.observations([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0], source: EvidenceSource()) }
        let loop: [UInt8] = [0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0xC0, 12]
        #expect(throws: DissectError.self) { try MDNSDissector.observations(loop, source: EvidenceSource()) }
    }
}
