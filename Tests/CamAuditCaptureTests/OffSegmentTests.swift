@testable import CamAuditCapture
import CamAuditModel
import Foundation
import Testing

/// Captures taken upstream of a router: every frame carries the router's MAC, so senders are
/// told apart by address, and a device's MAC is only what it states about itself.
@Suite struct OffSegmentTests {
    typealias Host = FixtureBuilder.Host
    static let start = Date(timeIntervalSince1970: 1_790_000_000)
    static let routerMAC = "02:77:00:00:00:01"
    static let tool = Host(mac: "02:77:00:00:00:0a", ip: "10.77.0.10")

    /// A host behind the router: its address, the router's MAC on the wire.
    static func behindRouter(_ ip: String) -> Host { Host(mac: routerMAC, ip: ip) }

    static func analyze(_ frames: [[UInt8]], options: PassiveAnalyzer.Options = .init()) -> (PassiveAnalyzer, [DeviceReport]) {
        let analyzer = PassiveAnalyzer(options: options)
        for (index, frame) in frames.enumerated() {
            analyzer.ingest(frame, linkType: LinkType.ethernet, time: start + Double(index) / 1000, file: "t", packetNumber: index + 1)
        }
        return (analyzer, analyzer.finish())
    }

    static func dhip(_ id: String) throws -> [UInt8] { try FixtureBuilder.corpusPayload(id) }

    /// An IPv6 UDP datagram (checksum left 0: the analyser does not verify it).
    static func udp6(fromMAC mac: String, from source: String, to destination: String, hopLimit: UInt8, payload: [UInt8]) -> [UInt8] {
        let segment = Frames.be16(40_000) + Frames.be16(40_001) + Frames.be16(UInt16(8 + payload.count)) + [0, 0] + payload
        func bytes(_ text: String) -> [UInt8] {
            let ip = IPAddress(text)!
            return (0..<8).map { UInt8(truncatingIfNeeded: ip.high >> UInt64(56 - 8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: ip.low >> UInt64(56 - 8 * $0)) }
        }
        let header: [UInt8] = [0x60, 0, 0, 0] + Frames.be16(UInt16(segment.count)) + [17, hopLimit] + bytes(source) + bytes(destination)
        return Frames.ethernet(from: mac, to: "33:33:00:00:00:01", type: 0x86DD, payload: header + segment)
    }

    static func ssdpNotify(usn: String) -> [UInt8] {
        Array("NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nNTS: ssdp:alive\r\nUSN: \(usn)::upnp:rootdevice\r\n\r\n".utf8)
    }

    @Test func manyAddressesBehindOneMACAreSeparateDevices() {
        // Hop limits as sent (a router that does not decrement): the number of networks tells.
        let frames = (1...10).map { index in
            Frames.udp(from: Self.behindRouter("198.51.100.\(index)"), to: Self.tool, sourcePort: 40_000, destinationPort: 40_001, payload: [1], id: UInt16(index))
        }
        let (_, reports) = Self.analyze(frames)
        #expect(reports.count == 10, "\(reports.map(\.key))")
        #expect(Set(reports.map(\.key)) == Set((1...10).map { DeviceKey.ip(IPAddress("198.51.100.\($0)")!) }))
        #expect(reports.allSatisfy { $0.mac == nil && $0.macSource == .none && $0.addresses.count == 1 })
        // The router's OUI is nobody's evidence.
        #expect(reports.allSatisfy { report in !report.observations.contains { $0.field == ObservationField.macAddress } })
    }

    @Test func fourAddressesOnOneMACWithHopLimitsAsSentStayOneDevice() {
        // A camera that moved from its factory address to a DHCP lease, and back: one device.
        let camera = ["192.168.1.64", "10.77.0.64", "10.77.0.65", "192.0.0.64"].enumerated().map { index, ip in
            Frames.udp(from: Host(mac: FixtureBuilder.hikIntercom.mac, ip: ip), to: Self.tool, sourcePort: 40_000, destinationPort: 40_001, payload: [1], id: UInt16(index))
        }
        let (_, reports) = Self.analyze(camera)
        #expect(reports.count == 1)
        #expect(reports.first?.key == .mac(MACAddress(value: 0xC056E3AABBCC)))
        #expect(reports.first?.addresses.count == 4)
    }

    @Test func forwardedHopLimitsSplitEvenTwoHostsFromTheRoutersOwnTraffic() {
        let router = Host(mac: Self.routerMAC, ip: "10.77.0.1")
        let frames = [
            Frames.udp(from: router, to: Self.tool, sourcePort: 53, destinationPort: 40_000, payload: [1], id: 1, ttl: 64),
            Frames.udp(from: Self.behindRouter("10.88.0.20"), to: Self.tool, sourcePort: 40_000, destinationPort: 40_001, payload: [1], id: 2, ttl: 63),
            Frames.udp(from: Self.behindRouter("10.88.0.21"), to: Self.tool, sourcePort: 40_000, destinationPort: 40_001, payload: [1], id: 3, ttl: 127),
        ]
        let (_, reports) = Self.analyze(frames)
        let byKey = Dictionary(uniqueKeysWithValues: reports.map { ($0.key.description, $0) })
        #expect(Set(byKey.keys) == [Self.routerMAC, "10.88.0.20", "10.88.0.21"])
        // The router is a device of its own, with its own address and its own MAC.
        #expect(byKey[Self.routerMAC]?.addresses.map(\.description) == ["10.77.0.1"])
        #expect(byKey[Self.routerMAC]?.macSource == .frame)
        #expect(byKey["10.88.0.20"]?.macSource == MACSource.none && byKey["10.88.0.20"]?.mac == nil)
    }

    @Test func ownMACWithIPv4AndIPv6AndLinkLocalStaysOneDevice() throws {
        let camera = FixtureBuilder.hikIntercom
        let frames = [
            Frames.udp(from: camera, to: Self.tool, sourcePort: 40_000, destinationPort: 40_001, payload: [1], id: 1),
            Self.udp6(fromMAC: camera.mac, from: "fe80::c256:e3ff:feaa:bbcc", to: "ff02::1", hopLimit: 255, payload: [2]),
            Self.udp6(fromMAC: camera.mac, from: "2001:db8:77::64", to: "ff02::1", hopLimit: 64, payload: [3]),
            Frames.udp(from: Host(mac: camera.mac, ip: "169.254.10.64"), to: Self.tool, sourcePort: 40_000, destinationPort: 40_001, payload: [4], id: 2),
        ]
        let (_, reports) = Self.analyze(frames)
        #expect(reports.count == 1, "\(reports.map(\.key))")
        let report = try #require(reports.first)
        #expect(report.key == .mac(MACAddress(value: 0xC056E3AABBCC)))
        #expect(report.macSource == .frame)
        #expect(report.addresses.map(\.description) == ["10.77.0.64", "fe80::c256:e3ff:feaa:bbcc", "2001:db8:77::64", "169.254.10.64"])
        #expect(report.classification.identity.maker == "hikvision")
    }

    @Test func answersBehindARouterReportThePayloadMAC() throws {
        let dahua = Self.behindRouter("203.0.113.108")
        let hikvision = Self.behindRouter("203.0.113.64")
        let silent = Self.behindRouter("203.0.113.7")
        let frames = [
            Frames.udp(from: dahua, to: Self.tool, sourcePort: 37810, destinationPort: 37810, payload: try Self.dhip("ref-9c00d2bf5a"), id: 1, ttl: 63),
            Frames.udp(from: hikvision, to: Self.tool, sourcePort: 37020, destinationPort: 37020, payload: try FixtureBuilder.corpusPayload("ref-05a3e32059"), id: 2, ttl: 63),
            Frames.udp(from: silent, to: Self.tool, sourcePort: 40_000, destinationPort: 40_001, payload: [1], id: 3, ttl: 63),
        ]
        let (_, reports) = Self.analyze(frames)
        #expect(reports.count == 3)
        let byIP = Dictionary(uniqueKeysWithValues: reports.map { ($0.key.description, $0) })
        let dahuaReport = try #require(byIP["203.0.113.108"])
        #expect(dahuaReport.mac?.description == "4c:11:bf:12:34:56")
        #expect(dahuaReport.macSource == .payload)
        #expect(dahuaReport.classification.identity.maker == "dahua")
        let json = dahuaReport.json().serialized()
        #expect(json.contains(#""mac":"4c:11:bf:12:34:56","mac_source":"payload""#), "\(json)")
        let hikReport = try #require(byIP["203.0.113.64"])
        #expect(hikReport.mac?.description == "c0:56:e3:aa:bb:cc" && hikReport.macSource == .payload)
        #expect(byIP["203.0.113.7"]?.mac == nil && byIP["203.0.113.7"]?.macSource == MACSource.none)
        #expect(byIP["203.0.113.7"]?.json().serialized().contains(#""mac":null,"mac_source":"none""#) == true)
        #expect(!reports.contains { $0.mac?.description == Self.routerMAC })
    }

    @Test func upnpUUIDTailCountsOnlyWhenItIsACameraMakersMAC() {
        // Hikvision's UUIDs end in the device's MAC; a random UUID's tail is not a MAC.
        let frames = [
            Frames.udp(from: Self.behindRouter("203.0.113.20"), to: Self.tool, sourcePort: 1900, destinationPort: 1900,
                       payload: Self.ssdpNotify(usn: "uuid:48353933-3735-3630-3433-c056e3010203"), id: 1, ttl: 63),
            Frames.udp(from: Self.behindRouter("203.0.113.21"), to: Self.tool, sourcePort: 1900, destinationPort: 1900,
                       payload: Self.ssdpNotify(usn: "uuid:7f0c6a52-3c1e-4d6b-9a57-0e3b2f1d9c44"), id: 2, ttl: 63),
        ]
        let (_, reports) = Self.analyze(frames)
        let byIP = Dictionary(uniqueKeysWithValues: reports.map { ($0.key.description, $0) })
        #expect(byIP["203.0.113.20"]?.mac?.description == "c0:56:e3:01:02:03")
        #expect(byIP["203.0.113.20"]?.macSource == .payload)
        #expect(byIP["203.0.113.21"]?.mac == nil)
        #expect(byIP["203.0.113.21"]?.macSource == MACSource.none)
    }

    /// Answers from 20,000 public addresses through one router MAC (a reflection or a scan
    /// answered from the internet): every sender is a device, within the analyser's bounds.
    @Test func reflectionStyleCaptureReportsEverySenderWithinBounds() throws {
        let payload = try Self.dhip("ref-9c00d2bf5a")
        func frames(_ count: Int) -> [[UInt8]] {
            (0..<count).map { index in
                let ip = "198.\(18 + index / 65_536).\((index / 256) % 256).\(index % 256)"
                // Half arrive with hop limits as sent: the network count alone must split them too.
                return Frames.udp(from: Self.behindRouter(ip), to: Self.tool, sourcePort: 37810, destinationPort: 37810, payload: payload,
                                  id: UInt16(truncatingIfNeeded: index), ttl: index % 2 == 0 ? 64 : 49)
            }
        }
        let all = frames(20_000)
        let (analyzer, reports) = Self.analyze(all)
        #expect(reports.count == 20_000)
        #expect(Set(reports.map(\.key)).count == 20_000)
        #expect(reports.allSatisfy { if case .ip = $0.key { true } else { false } })
        #expect(reports.allSatisfy { $0.macSource == .payload && $0.mac?.description == "4c:11:bf:12:34:56" })
        #expect(analyzer.counters.devicesDropped == 0)
        #expect(analyzer.evidenceBytes <= analyzer.options.maximumEvidenceBytes)

        // Past the sender table's bound, later senders are counted (the table and JSON
        // summary say so), never merged into another device.
        var small = PassiveAnalyzer.Options()
        small.maximumDevices = 5_000
        small.maximumEvidenceBytes = 1 << 20
        let (bounded, boundedReports) = Self.analyze(all, options: small)
        #expect(boundedReports.count == 5_000)
        #expect(bounded.deviceCount == 5_000)
        #expect(bounded.counters.devicesDropped == 15_000)
        #expect(bounded.evidenceBytes < (1 << 20) + 4096)
        #expect(boundedReports.allSatisfy { $0.addresses.count == 1 })
    }

    /// The daemon records snapshots and forgets silent senders: a router that shows it fronts
    /// others later splits its senders from then on, and forgetting works per sender.
    @Test func snapshotsAndForgettingWorkPerSender() {
        let analyzer = PassiveAnalyzer()
        func send(_ ip: String, ttl: UInt8, at offset: Double, _ number: Int) {
            let frame = Frames.udp(from: Self.behindRouter(ip), to: Self.tool, sourcePort: 40_000, destinationPort: 40_001, payload: [1], id: UInt16(number), ttl: ttl)
            analyzer.ingest(frame, linkType: LinkType.ethernet, time: Self.start + offset, file: "t", packetNumber: number)
        }
        send("10.77.0.1", ttl: 64, at: 0, 1)
        #expect(analyzer.snapshot().map(\.key.description) == [Self.routerMAC])
        send("10.88.0.5", ttl: 63, at: 10, 2)
        send("10.88.0.6", ttl: 63, at: 7200, 3)
        #expect(Set(analyzer.snapshot().map(\.key.description)) == [Self.routerMAC, "10.88.0.5", "10.88.0.6"])
        #expect(analyzer.forgetDevices(notSeenSince: Self.start + 3600) == 2)
        #expect(analyzer.snapshot().map(\.key.description) == ["10.88.0.6"])
    }
}
