import CamAuditCapture
import CPcap
import Foundation
import Testing

/// The default live-capture filter compiles with the system's libpcap and keeps every frame the
/// analyzer needs: classifying only what it lets through gives the same verdicts.
@Suite struct CaptureFilterTests {
    @Test(arguments: [LinkType.ethernet, LinkType.linuxSLL, LinkType.linuxSLL2, LinkType.raw])
    func defaultFilterCompiles(linkType: Int32) {
        let expression = CaptureFilter.defaultExpression(linkType: linkType)
        #expect(CaptureFilter.problem(compiling: expression, linkType: linkType) == nil, "\(expression)")
        #expect(expression.contains("udp port 37020"))
        #expect(expression.contains("tcp port 37777"))
        #expect(expression.contains("ip[6:2] & 0x1fff != 0"))
    }

    @Test func ethernetFilterAlsoMatchesVLANTaggedTraffic() {
        let expression = CaptureFilter.defaultExpression(linkType: LinkType.ethernet)
        #expect(expression.contains("vlan and ("))
        #expect(expression.contains("ether proto 0x8033"))
    }

    @Test func badFilterGivesLibpcapsReason() throws {
        let problem = try #require(CaptureFilter.problem(compiling: "udp portx 5"))
        #expect(problem.contains("syntax error"))
    }

    @Test func defaultFilterKeepsWhatTheAnalyzerNeeds() throws {
        let path = FixtureBuilder.fixtureDirectory.appendingPathComponent("site.pcap").path
        let reader = try PcapFileReader(path: path)
        let dead = try #require(pcap_open_dead(reader.linkType, 65_535))
        defer { pcap_close(dead) }
        var program = bpf_program()
        #expect(pcap_compile(dead, &program, CaptureFilter.defaultExpression(linkType: reader.linkType), 1, PCAP_NETMASK_UNKNOWN) == 0)
        defer { pcap_freecode(&program) }

        let filtered = PassiveAnalyzer()
        var kept = 0, total = 0
        while let packet = try reader.next() {
            total += 1
            var header = pcap_pkthdr()
            header.caplen = UInt32(packet.data.count)
            header.len = UInt32(packet.originalLength)
            let passes = packet.data.withUnsafeBufferPointer { pcap_offline_filter(&program, &header, $0.baseAddress) } != 0
            guard passes else { continue }
            kept += 1
            filtered.ingest(packet.data, linkType: reader.linkType, time: packet.time, file: "site.pcap", packetNumber: packet.number, originalLength: packet.originalLength)
        }
        #expect(kept > 0 && kept <= total)
        let (_, everything) = try Run.site()
        let verdicts = { (reports: [DeviceReport]) in
            Dictionary(reports.compactMap { report in report.mac.map { ($0.description, report.classification.verdict) } }, uniquingKeysWith: { first, _ in first })
        }
        let all = verdicts(everything).filter { $0.value != .unknown }
        let seen = verdicts(filtered.finish()).filter { $0.value != .unknown }
        #expect(seen == all)
        #expect(seen["c0:56:e3:aa:bb:cc"] == .covered)
    }
}
