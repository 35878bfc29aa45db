@testable import CamAuditCapture
import CamAuditModel
import Foundation
import Testing

/// IPv6 neighbour discovery, DHCPv6 and mDNS answers in a capture: evidence of the device that
/// sent them, which stays one device with its IPv4 address because both are keyed by its MAC.
@Suite struct IPv6PassiveTests {
    static let cameraMAC = "c0:56:e3:aa:bb:cc"
    static let cameraLinkLocal = "fe80::c256:e3ff:feaa:bbcc"
    static let routerMAC = "02:77:00:00:00:01"

    static func address(_ text: String) -> [UInt8] {
        let ip = IPAddress(text)!
        return (0..<8).map { UInt8(truncatingIfNeeded: ip.high >> UInt64(56 - 8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: ip.low >> UInt64(56 - 8 * $0)) }
    }

    /// An IPv6 packet (RFC 8200 §3: version 6, payload length, next header, hop limit, addresses).
    static func ipv6(from source: String, to destination: String, next: UInt8, hopLimit: UInt8, payload: [UInt8]) -> [UInt8] {
        [0x60, 0, 0, 0] + Frames.be16(UInt16(payload.count)) + [next, hopLimit] + address(source) + address(destination) + payload
    }

    static func frame(_ mac: String, to: String = "33:33:00:00:00:01", _ packet: [UInt8]) -> [UInt8] {
        Frames.ethernet(from: mac, to: to, type: 0x86DD, payload: packet)
    }

    static func udp(_ sourcePort: UInt16, _ destinationPort: UInt16, _ payload: [UInt8]) -> [UInt8] {
        Frames.be16(sourcePort) + Frames.be16(destinationPort) + Frames.be16(UInt16(8 + payload.count)) + [0, 0] + payload
    }

    /// RFC 4861 §4.4: a solicited Neighbor Advertisement with the Target Link-Layer Address option.
    static func advertisement(target: String, mac: String) -> [UInt8] {
        [136, 0, 0, 0, 0x60, 0, 0, 0] + address(target) + [2, 1] + Frames.macBytes(mac)
    }

    /// RFC 8415 §8 Solicit with a DUID-LL (§11.4) and a Client FQDN (RFC 4704).
    static func solicit(mac: String, host: String) -> [UInt8] {
        let duid: [UInt8] = [0, 3, 0, 1] + Frames.macBytes(mac)
        let name: [UInt8] = [0] + [UInt8(host.utf8.count)] + Array(host.utf8) + [0]
        return [1, 0x10, 0x20, 0x30] + Frames.be16(1) + Frames.be16(UInt16(duid.count)) + duid + Frames.be16(39) + Frames.be16(UInt16(name.count)) + name
    }

    /// RFC 6762 §18: a response (flags 0x8400) with one PTR answer `_http._tcp.local` → instance.
    static func mdnsAnswer(instance: String) -> [UInt8] {
        func name(_ labels: [String]) -> [UInt8] { labels.flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) } + [0] }
        let target = [UInt8(instance.utf8.count)] + Array(instance.utf8) + [0xC0, 12]
        return [0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0] + name(["_http", "_tcp", "local"]) + [0, 12, 0, 1, 0, 0, 0x11, 0x94] + Frames.be16(UInt16(target.count)) + target
    }

    static func analyze(_ frames: [[UInt8]], linkType: Int32 = LinkType.ethernet) -> (PassiveAnalyzer, [DeviceReport]) {
        let analyzer = PassiveAnalyzer()
        for (index, frame) in frames.enumerated() {
            analyzer.ingest(frame, linkType: linkType, time: Date(timeIntervalSince1970: 1_790_000_000 + Double(index)), file: "t", packetNumber: index + 1)
        }
        return (analyzer, analyzer.finish())
    }

    @Test func ndpDHCPv6AndMDNSAreOneDeviceWithItsIPv4Address() throws {
        let camera = FixtureBuilder.Host(mac: Self.cameraMAC, ip: "10.77.0.64")
        let frames = [
            Frames.udp(from: camera, to: FixtureBuilder.workstation, sourcePort: 40_000, destinationPort: 40_001, payload: [1], id: 1),
            Self.frame(Self.cameraMAC, Self.ipv6(from: Self.cameraLinkLocal, to: "fe80::1", next: 58, hopLimit: 255, payload: Self.advertisement(target: Self.cameraLinkLocal, mac: Self.cameraMAC))),
            Self.frame(Self.cameraMAC, Self.ipv6(from: Self.cameraLinkLocal, to: "ff02::1:2", next: 17, hopLimit: 1, payload: Self.udp(546, 547, Self.solicit(mac: Self.cameraMAC, host: "DS-2CD2143G0-I")))),
            Self.frame(Self.cameraMAC, Self.ipv6(from: Self.cameraLinkLocal, to: "ff02::fb", next: 17, hopLimit: 255, payload: Self.udp(5353, 5353, Self.mdnsAnswer(instance: "HIKVISION DS-2CD2143G0-I")))),
        ]
        let (analyzer, reports) = Self.analyze(frames)
        #expect(reports.count == 1, "\(reports.map(\.key))")
        let report = try #require(reports.first)
        #expect(report.key == .mac(MACAddress(value: 0xC056E3AABBCC)))
        #expect(report.macSource == .frame)
        #expect(report.addresses.map(\.description) == ["10.77.0.64", Self.cameraLinkLocal])
        let fields = Set(report.observations.map(\.field))
        #expect(fields.isSuperset(of: [ObservationField.dhcpHostname, ObservationField.mdnsService]), "\(report.observations)")
        #expect(report.observations.contains { $0.field == ObservationField.mdnsService && $0.value == "hikvision ds-2cd2143g0-i._http._tcp.local" })
        // The MAC the NA and the DUID state equals the frame's: it is not listed twice.
        #expect(report.observations.filter { $0.field == ObservationField.macAddress }.count == 1)
        #expect(report.classification.identity.maker == "hikvision")
        #expect(analyzer.counters.dissected >= 3)
    }

    @Test func relayedSolicitNamesTheClientBehindTheRouter() throws {
        // Captured upstream: a relay (the router) forwards the camera's Solicit to the server.
        let relayed = Self.solicit(mac: Self.cameraMAC, host: "IPC")
        let relay: [UInt8] = [12, 0] + Self.address("2001:db8:77::1") + Self.address(Self.cameraLinkLocal)
            + Frames.be16(9) + Frames.be16(UInt16(relayed.count)) + relayed
        let frames = [Self.frame(Self.routerMAC, Self.ipv6(from: "2001:db8:77::1", to: "2001:db8:1::547", next: 17, hopLimit: 64, payload: Self.udp(547, 547, relay)))]
        let (_, reports) = Self.analyze(frames)
        let client = try #require(reports.first { $0.key == .ip(IPAddress(Self.cameraLinkLocal)!) }, "\(reports.map(\.key))")
        #expect(client.mac?.description == Self.cameraMAC)
        #expect(client.macSource == .payload)
        #expect(client.observations.contains { $0.field == ObservationField.dhcpHostname && $0.value == "IPC" })
        // The relay itself is a device of its own with its own MAC, and none of the client's evidence.
        let router = try #require(reports.first { $0.key == .mac(MACAddress(value: 0x0277_0000_0001)) })
        #expect(!router.observations.contains { $0.field == ObservationField.dhcpHostname })
    }

    @Test func rawIPNeighborAdvertisementStatesTheMAC() throws {
        // A capture without a link layer: the only MAC is the one the advertisement states.
        let packet = Self.ipv6(from: "fd00:77::64", to: "fd00:77::10", next: 58, hopLimit: 255, payload: Self.advertisement(target: "fd00:77::64", mac: Self.cameraMAC))
        let (_, reports) = Self.analyze([packet], linkType: LinkType.raw)
        let report = try #require(reports.first)
        #expect(report.key == .ip(IPAddress("fd00:77::64")!))
        #expect(report.mac?.description == Self.cameraMAC)
        #expect(report.macSource == .payload)
    }

    /// RFC 4862 §5.4.2: duplicate address detection solicits from the unspecified address with
    /// the tentative address as target; RFC 4861 §4.4: an Advertisement with the Override flag
    /// names the sender's own address. A proxy's advertisement (Override clear, §7.2.8) does not.
    @Test func addressesClaimedInNeighbourDiscoveryBelongToTheSender() throws {
        let solicitation: [UInt8] = [135, 0, 0, 0, 0, 0, 0, 0] + Self.address("2001:db8:77::64")
        let proxied: [UInt8] = [136, 0, 0, 0, 0x40, 0, 0, 0] + Self.address("2001:db8:77::99") + [2, 1] + Frames.macBytes(Self.routerMAC)
        let frames = [
            Self.frame(Self.cameraMAC, Self.ipv6(from: "::", to: "ff02::1:ff00:64", next: 58, hopLimit: 255, payload: solicitation)),
            Self.frame(Self.cameraMAC, Self.ipv6(from: Self.cameraLinkLocal, to: "ff02::1", next: 58, hopLimit: 255, payload: Self.advertisement(target: Self.cameraLinkLocal, mac: Self.cameraMAC))),
            Self.frame(Self.routerMAC, Self.ipv6(from: "fe80::1", to: Self.cameraLinkLocal, next: 58, hopLimit: 255, payload: proxied)),
        ]
        let (_, reports) = Self.analyze(frames)
        let camera = try #require(reports.first { $0.key == .mac(MACAddress(value: 0xC056E3AABBCC)) })
        #expect(Set(camera.addresses.map(\.description)) == ["2001:db8:77::64", Self.cameraLinkLocal])
        let router = try #require(reports.first { $0.key == .mac(MACAddress(value: 0x0277_0000_0001)) })
        #expect(router.addresses.map(\.description) == ["fe80::1"])
    }

    @Test func forwardedNeighbourDiscoveryAndServerMessagesAreNotEvidence() {
        let forwarded = Self.frame(Self.routerMAC, Self.ipv6(from: "fd00:88::5", to: "fd00:77::10", next: 58, hopLimit: 254, payload: Self.advertisement(target: "fd00:88::5", mac: Self.cameraMAC)))
        // An Advertise (type 2) from a server to a client describes the offer, not the server.
        let advertise = Self.frame(Self.routerMAC, Self.ipv6(from: "fe80::1", to: Self.cameraLinkLocal, next: 17, hopLimit: 255, payload: Self.udp(547, 546, [2, 0, 0, 1])))
        let (analyzer, reports) = Self.analyze([forwarded, advertise])
        #expect(reports.allSatisfy { report in !report.observations.contains { $0.source.protocolName == "ndp" || $0.source.protocolName == "dhcpv6" } })
        #expect(analyzer.counters.decodeErrors["ndp.hop-limit-not-255"] == 1)
    }

    @Test func defaultFilterKeepsNeighbourDiscoveryAndDHCPv6() {
        for linkType in [LinkType.ethernet, LinkType.linuxSLL, LinkType.raw] {
            let expression = CaptureFilter.defaultExpression(linkType: linkType)
            #expect(expression.contains("udp port 546") && expression.contains("icmp6"))
            #expect(CaptureFilter.problem(compiling: expression, linkType: linkType) == nil, "link type \(linkType)")
        }
    }
}
