import CamAuditCapture
import CamAuditModel
import Foundation
import Testing

@Suite struct FixtureTests {
    /// The committed fixtures are exactly what the builder makes: the builder is the documentation.
    /// Set CAMAUDIT_WRITE_FIXTURES=1 to rewrite them after changing the builder.
    @Test func committedFixturesAreReproducible() throws {
        for (name, bytes) in try FixtureBuilder.fixtures() {
            let url = FixtureBuilder.fixtureDirectory.appendingPathComponent(name)
            if ProcessInfo.processInfo.environment["CAMAUDIT_WRITE_FIXTURES"] == "1" {
                try Data(bytes).write(to: url)
            }
            let committed = try [UInt8](Data(contentsOf: url))
            #expect(committed == bytes, "\(name) differs from what FixtureBuilder makes")
        }
    }
}

/// Shared helpers: run the analyzer over a file or frames.
enum Run {
    static func site(_ name: String = "site.pcap") throws -> (PassiveAnalyzer, [DeviceReport]) {
        let analyzer = PassiveAnalyzer()
        let readError = try analyzer.analyze(path: FixtureBuilder.fixtureDirectory.appendingPathComponent(name).path)
        #expect(readError == nil)
        return (analyzer, analyzer.finish())
    }

    static func report(_ reports: [DeviceReport], mac: String) -> DeviceReport? {
        reports.first { $0.mac?.description == mac }
    }

    /// Writes `bytes` to a fresh temporary file, runs `body` with its path, then removes it.
    static func withFile<T>(_ bytes: [UInt8], _ body: (String) throws -> T) throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-capture-\(UUID().uuidString).pcap").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    static func frames(_ frames: [[UInt8]], linkType: Int32 = LinkType.ethernet, options: PassiveAnalyzer.Options = .init()) -> (PassiveAnalyzer, [DeviceReport]) {
        let analyzer = PassiveAnalyzer(options: options)
        for (index, frame) in frames.enumerated() {
            analyzer.ingest(frame, linkType: linkType, time: Date(timeIntervalSince1970: 1_790_000_000 + Double(index)), file: "test", packetNumber: index + 1)
        }
        return (analyzer, analyzer.finish())
    }
}

@Suite struct AnalyzeFixtureTests {
    @Test func everyCoveredDeviceIsNamedWithPassiveEvidence() throws {
        let (analyzer, reports) = try Run.site()
        let expected: [(mac: String, maker: String, field: String)] = [
            ("c0:56:e3:aa:bb:cc", "hikvision", ObservationField.sadpPresent),
            ("4c:11:bf:12:34:56", "dahua", ObservationField.dhipMethod),
            ("b4:4c:3b:f4:e3:01", "dahua", ObservationField.dhipMethod),
            ("02:77:00:00:00:41", "hikvision", ObservationField.httpRealm),
            ("02:77:00:00:00:42", "hikvision", ObservationField.rtspRealm),
        ]
        for device in expected {
            let report = try #require(Run.report(reports, mac: device.mac), "\(device.mac) not found")
            let classification = report.classification
            #expect(classification.identity.maker == device.maker, "\(device.mac): \(classification.summary)")
            #expect(classification.verdict.coveredFlag == true, "\(device.mac): \(classification.verdict)")
            #expect(!classification.identity.evidence.isEmpty)
            #expect(classification.identity.evidence.allSatisfy { $0.source.kind == .passive })
            #expect(classification.identity.evidence.contains { $0.field == device.field }, "\(device.mac) lacks \(device.field)")
            #expect(classification.identity.evidence.allSatisfy { $0.source.reference?.hasPrefix("site.pcap#") == true })
            #expect(report.addresses.contains { $0.description.hasPrefix("10.77.") })
        }
        // The intercom: layer-2 SADP and its own DNS query are its evidence too.
        let intercom = try #require(Run.report(reports, mac: "c0:56:e3:aa:bb:cc"))
        #expect(intercom.classification.verdict == .covered)
        #expect(intercom.classification.identity.evidence.contains { $0.field == ObservationField.sadpL2 && $0.value == "0x8033 op 0x04" })
        #expect(intercom.classification.identity.evidence.contains { $0.field == ObservationField.dnsQuery && $0.value == "dev.hik-connect.com" })
        #expect(intercom.classification.identity.evidence.contains { $0.field == ObservationField.macAddress })
        #expect(intercom.classification.identity.model == "DS-KH6210-L")
        // Covered devices come first.
        #expect(reports.first?.classification.verdict == .covered)
        #expect(analyzer.counters.totalDecodeErrors == 0, "\(analyzer.counters.decodeErrors)")
    }

    @Test func ordinaryHostsAreNotCovered() throws {
        let (_, reports) = try Run.site()
        let server = try #require(Run.report(reports, mac: "02:77:00:00:00:50"))
        #expect(server.classification.verdict.coveredFlag != true)
        #expect(server.observations.contains { $0.field == ObservationField.httpServer })
        // The router answered the DNS query: the name is the asker's evidence, not the router's.
        let router = try #require(Run.report(reports, mac: "02:77:00:00:00:01"))
        #expect(!router.observations.contains { $0.field == ObservationField.dnsQuery })
        #expect(router.classification.verdict == .unknown)
        // The workstation sent SADP and DHIP searches: those are not device evidence.
        let workstation = try #require(Run.report(reports, mac: "02:77:00:00:00:0a"))
        #expect(workstation.classification.verdict == .unknown)
        #expect(workstation.addresses.map(\.description).contains("10.77.0.10"))
    }

    @Test func pcapngGivesTheSameDevices() throws {
        let (_, classic) = try Run.site("site.pcap")
        let (_, next) = try Run.site("site.pcapng")
        #expect(classic.count == next.count)
        for report in classic {
            let other = try #require(next.first { $0.key == report.key })
            #expect(other.classification.verdict == report.classification.verdict)
            #expect(other.classification.identity.maker == report.classification.identity.maker)
            #expect(other.firstSeen == report.firstSeen && other.lastSeen == report.lastSeen)
        }
    }

    @Test func jsonHasTheDocumentedFields() throws {
        let (_, reports) = try Run.site()
        let report = try #require(Run.report(reports, mac: "c0:56:e3:aa:bb:cc"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json().serialized().utf8)) as? [String: Any])
        for key in ["ip", "mac", "maker", "verdict", "covered", "evidence", "first_seen", "last_seen", "summary"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["mac"] as? String == "c0:56:e3:aa:bb:cc")
        #expect((object["ip"] as? [String])?.contains("10.77.0.64") == true)
        #expect(object["first_seen"] as? String == "2026-09-21T14:13:20.001000Z")
        let evidence = try #require(object["evidence"] as? [[String: Any]])
        #expect(evidence.allSatisfy { $0["source"] as? String == "passive" })
        // One "mac" key only: the classification's own is folded into it.
        #expect(report.json().serialized().components(separatedBy: "\"mac\":").count == 2)
        // What `--json`/`--jsonl` write, without the tree.
        for each in reports { #expect(each.jsonBytes() == each.json().serializedBytes()) }
    }
}

@Suite struct LinkLayerTests {
    static func dhipAnswer() throws -> [UInt8] {
        let from = FixtureBuilder.dahuaCamera, to = FixtureBuilder.workstation
        let segment = Frames.udpSegment(source: from.ip, destination: to.ip, sourcePort: 37810, destinationPort: 37810, payload: try FixtureBuilder.corpusPayload("ref-9c00d2bf5a"))
        return Frames.ipv4(from: from.ip, to: to.ip, proto: 17, id: 9, payload: segment)
    }

    static func expectDahua(_ reports: [DeviceReport], key: String) {
        let report = reports.first { $0.key.description == key }
        #expect(report?.classification.identity.maker == "dahua", "\(key): \(reports.map(\.key.description))")
    }

    @Test func linuxSLLAndSLL2CarryTheSenderMAC() throws {
        let packet = try Self.dhipAnswer()
        let mac = Frames.macBytes(FixtureBuilder.dahuaCamera.mac)
        let sll: [UInt8] = Frames.be16(0) + Frames.be16(1) + Frames.be16(6) + mac + [0, 0] + Frames.be16(0x0800) + packet
        Self.expectDahua(Run.frames([sll], linkType: LinkType.linuxSLL).1, key: "4c:11:bf:12:34:56")
        let sll2: [UInt8] = Frames.be16(0x0800) + [0, 0] + Frames.be32(2) + Frames.be16(1) + [0, 6] + mac + [0, 0] + packet
        Self.expectDahua(Run.frames([sll2], linkType: LinkType.linuxSLL2).1, key: "4c:11:bf:12:34:56")
        // And through a real file with that link type.
        var writer = PcapWriter(format: .pcap, linkType: 276)
        writer.append(sll2, microseconds: 1)
        let analyzer = PassiveAnalyzer()
        #expect(try Run.withFile(writer.bytes) { try analyzer.analyze(path: $0) } == nil)
        Self.expectDahua(analyzer.finish(), key: "4c:11:bf:12:34:56")
    }

    @Test func rawIPIsKeyedByAddress() throws {
        let packet = try Self.dhipAnswer()
        for linkType in [LinkType.raw, LinkType.rawLinktype, LinkType.ipv4] {
            Self.expectDahua(Run.frames([packet], linkType: linkType).1, key: "10.77.0.108")
        }
    }

    @Test func stackedVLANTagsAndIPv6() throws {
        let packet = try Self.dhipAnswer()
        let mac = Frames.macBytes(FixtureBuilder.dahuaCamera.mac)
        let qinq = Frames.macBytes("ff:ff:ff:ff:ff:ff") + mac + Frames.be16(0x88A8) + Frames.be16(100) + Frames.be16(0x8100) + Frames.be16(20) + Frames.be16(0x0800) + packet
        Self.expectDahua(Run.frames([qinq]).1, key: "4c:11:bf:12:34:56")
        // IPv6 with a hop-by-hop extension header before UDP.
        let payload = try FixtureBuilder.corpusPayload("ref-9c00d2bf5a")
        let udp = Frames.be16(37810) + Frames.be16(37810) + Frames.be16(UInt16(8 + payload.count)) + [0, 0] + payload
        let hopByHop: [UInt8] = [17, 0, 1, 4, 0, 0, 0, 0]
        let source: [UInt8] = [0xFE, 0x80] + [UInt8](repeating: 0, count: 13) + [0x08]
        let ipv6: [UInt8] = [0x60, 0, 0, 0] + Frames.be16(UInt16(hopByHop.count + udp.count)) + [0, 64] + source + [0xFF, 0x02] + [UInt8](repeating: 0, count: 13) + [1] + hopByHop + udp
        let frame = Frames.macBytes("33:33:00:00:00:01") + mac + Frames.be16(0x86DD) + ipv6
        let reports = Run.frames([frame]).1
        Self.expectDahua(reports, key: "4c:11:bf:12:34:56")
        #expect(reports.first?.addresses.first?.description == "fe80::8")
    }

    @Test func fragmentedDiscoveryAnswersAreReassembled() throws {
        let from = FixtureBuilder.dahuaCamera, to = FixtureBuilder.workstation
        let segment = Frames.udpSegment(source: from.ip, destination: to.ip, sourcePort: 37810, destinationPort: 37810, payload: try FixtureBuilder.corpusPayload("ref-9c00d2bf5a"))
        let first = Array(segment[0..<256]), second = Array(segment[256...])
        let frameA = Frames.ethernet(from: from.mac, to: to.mac, type: 0x0800, payload: Frames.ipv4(from: from.ip, to: to.ip, proto: 17, id: 77, payload: first, fragment: 0x2000))
        let frameB = Frames.ethernet(from: from.mac, to: to.mac, type: 0x0800, payload: Frames.ipv4(from: from.ip, to: to.ip, proto: 17, id: 77, payload: second, fragment: UInt16(256 / 8)))
        // Last fragment first.
        let reports = Run.frames([frameB, frameA]).1
        Self.expectDahua(reports, key: "4c:11:bf:12:34:56")
    }

    @Test func midStreamTCPWithoutHandshakeIsStillRead() throws {
        let http = try FixtureBuilder.corpusPayload("ref-8262ee5f03")
        let all = Frames.tcpExchange(client: FixtureBuilder.workstation, server: FixtureBuilder.hikHTTPCamera, clientPort: 52000, serverPort: 80,
                                     request: [], response: http, splitAt: [100, 200], order: [1, 2, 0])
        // Drop the handshake: only the three data segments (out of order) and the FINs remain.
        let frames = Array(all.dropFirst(4))
        let reports = Run.frames(frames).1
        let camera = reports.first { $0.key.description == "02:77:00:00:00:41" }
        #expect(camera?.classification.identity.maker == "hikvision")
        #expect(camera?.observations.contains { $0.field == ObservationField.httpRealm && $0.value == "IP Camera(83813)" } == true)
    }
}
