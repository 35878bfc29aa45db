import CamAuditCapture
import CamAuditModel
import CamAuditTestSupport
import Foundation
import Testing

@Suite struct HostileCaptureTests {
    static func siteBytes() throws -> [UInt8] {
        try [UInt8](Data(contentsOf: FixtureBuilder.fixtureDirectory.appendingPathComponent("site.pcap")))
    }

    @Test func missingFileIsAClearOpenError() throws {
        let analyzer = PassiveAnalyzer()
        let error = #expect(throws: CaptureError.self) { try analyzer.analyze(path: "/nonexistent/capture.pcap") }
        #expect(error?.kind == .open)
        #expect(error?.description.contains("/nonexistent/capture.pcap") == true)
        #expect(error?.description.contains("no such file") == true)
    }

    @Test func corruptGlobalHeaderIsAnOpenError() throws {
        var bytes = try Self.siteBytes()
        bytes[0] = 0x00; bytes[1] = 0x11
        let error = try Run.withFile(bytes) { path in #expect(throws: CaptureError.self) { try PassiveAnalyzer().analyze(path: path) } }
        #expect(error?.kind == .open)
        #expect(error?.description.contains("libpcap") == true)
        // Text where a capture should be, and an empty file.
        for junk in [Array("{\"not\": \"a capture\"}\n".utf8), []] {
            let error = try Run.withFile(junk) { path in
                #expect(throws: CaptureError.self) { try PassiveAnalyzer().analyze(path: path) }
            }
            #expect(error?.kind == .open)
        }
    }

    @Test func truncatedFileKeepsWhatWasRead() throws {
        let bytes = try Self.siteBytes()
        // Cut in the middle of the HTTP response's records: the SADP and DHIP devices are before it.
        for cut in [bytes.count - 7, bytes.count / 2 + 3, 24 + 16 + 5] {
            let analyzer = PassiveAnalyzer()
            let readError = try Run.withFile(Array(bytes[0..<cut])) { try analyzer.analyze(path: $0) }
            let error = try #require(readError, "cut at \(cut) was not reported")
            #expect(error.kind == .read)
            #expect(error.description.contains("truncated") || error.description.contains("stopped after packet"))
            _ = analyzer.finish()
        }
        let analyzer = PassiveAnalyzer()
        _ = try Run.withFile(Array(bytes[0..<(bytes.count / 2 + 3)])) { try analyzer.analyze(path: $0) }
        let reports = analyzer.finish()
        #expect(reports.first { $0.mac?.description == "c0:56:e3:aa:bb:cc" }?.classification.verdict == .covered)
    }

    @Test func absurdRecordLengthStopsTheFileNotTheProgram() throws {
        var writer = PcapWriter()
        writer.append(Array(repeating: 0xAB, count: 60), microseconds: 1)
        var bytes = writer.bytes
        // incl_len of the first record := 0xFFFFFFF0.
        bytes.replaceSubrange(32..<36, with: [0xF0, 0xFF, 0xFF, 0xFF])
        let analyzer = PassiveAnalyzer()
        let readError = try Run.withFile(bytes) { try analyzer.analyze(path: $0) }
        #expect(readError?.kind == .read)
        #expect(analyzer.counters.packets == 0)
    }

    @Test func snaplenCutPacketsAreDecodedAsFarAsTheyGo() throws {
        // Every prefix of every site packet, as a snaplen would cut it.
        let packets = try FixtureBuilder.sitePackets()
        let analyzer = PassiveAnalyzer()
        var number = 0
        for packet in packets {
            for length in 0...packet.count {
                number += 1
                analyzer.ingest(Array(packet[0..<length]), linkType: LinkType.ethernet, time: Date(timeIntervalSince1970: Double(number)), file: "cut", packetNumber: number, originalLength: packet.count)
            }
        }
        #expect(analyzer.counters.truncatedPackets > 0)
        #expect(analyzer.counters.totalDecodeErrors > 0)
        _ = analyzer.finish()
        // And a file written with a small snaplen.
        var writer = PcapWriter(snaplen: 96)
        for (index, packet) in packets.enumerated() {
            writer.append(Array(packet.prefix(96)), microseconds: UInt64(index), originalLength: packet.count)
        }
        let fromFile = PassiveAnalyzer()
        #expect(try Run.withFile(writer.bytes) { try fromFile.analyze(path: $0) } == nil)
        #expect(fromFile.counters.truncatedPackets > 0)
        _ = fromFile.finish()
    }

    @Test func badIPv4HeaderLengthAndTCPOffsetsAreCounted() throws {
        let w = FixtureBuilder.workstation, camera = FixtureBuilder.hikHTTPCamera
        var badIHL = Frames.udp(from: camera, to: w, sourcePort: 37810, destinationPort: 37810, payload: [1, 2, 3], id: 1)
        badIHL[14] = 0x43 // IHL 3 words: shorter than the fixed header
        var hugeIHL = badIHL
        hugeIHL[14] = 0x4F // 60 bytes of header in a short packet
        var badTotal = Frames.udp(from: camera, to: w, sourcePort: 37810, destinationPort: 37810, payload: [1, 2, 3], id: 1)
        badTotal[16] = 0; badTotal[17] = 4 // total length shorter than the header
        var tcpOffsetLarge = Frames.tcp(from: camera, to: w, sourcePort: 80, destinationPort: 5000, sequence: 1, ack: 1, flags: 0x18, payload: Array("HTTP/1.1 200 OK\r\n\r\n".utf8), id: 2)
        tcpOffsetLarge[14 + 20 + 12] = 0xF0 // 60-byte TCP header claimed
        var tcpOffsetSmall = tcpOffsetLarge
        tcpOffsetSmall[14 + 20 + 12] = 0x10 // 4-byte TCP header claimed
        var udpLength = Frames.udp(from: camera, to: w, sourcePort: 37810, destinationPort: 37810, payload: [1, 2, 3], id: 1)
        udpLength[14 + 20 + 4] = 0; udpLength[14 + 20 + 5] = 3
        let (analyzer, _) = Run.frames([badIHL, hugeIHL, badTotal, tcpOffsetLarge, tcpOffsetSmall, udpLength])
        let errors = analyzer.counters.decodeErrors
        #expect(errors["ipv4.bad-header-length"] == 1)
        #expect(errors["ipv4.options-cut"] == 1 || errors["ipv4.bad-total-length"] ?? 0 >= 1)
        #expect(errors["ipv4.bad-total-length", default: 0] >= 1)
        #expect(errors["tcp.bad-data-offset"] == 2)
        #expect(errors["udp.bad-length"] == 1)
    }

    @Test func randomBytesNeverCrash() throws {
        var random = SplitMix(seed: 0xC0FFEE)
        let linkTypes = [LinkType.ethernet, LinkType.linuxSLL, LinkType.linuxSLL2, LinkType.raw, LinkType.null, LinkType.ipv6, 9999]
        let analyzer = PassiveAnalyzer(options: { var o = PassiveAnalyzer.Options(); o.maximumFlows = 64; return o }())
        for index in 0..<20_000 {
            let length = Int(random.next() % 300)
            var frame = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            // Make many frames reach the deeper layers: Ethernet/IPv4 or IPv6 with a random rest.
            if index % 2 == 0, frame.count > 34 {
                frame[12] = index % 4 == 0 ? 0x08 : 0x86
                frame[13] = index % 4 == 0 ? 0x00 : 0xDD
                frame[14] = index % 4 == 0 ? 0x45 : 0x60
                if index % 8 == 0, frame.count > 24 { frame[23] = [6, 17][Int(random.next() % 2)] }
            }
            analyzer.ingest(frame, linkType: linkTypes[index % linkTypes.count], time: Date(timeIntervalSince1970: Double(index)), file: "random", packetNumber: index + 1)
        }
        #expect(analyzer.counters.packets == 20_000)
        _ = analyzer.finish()
    }

    @Test func mutatedSitePacketsNeverCrash() throws {
        // Flip bytes of real packets so the dissectors, not only the headers, see hostile input.
        var random = SplitMix(seed: 42)
        let packets = try FixtureBuilder.sitePackets()
        let analyzer = PassiveAnalyzer()
        var number = 0
        for _ in 0..<60 {
            for packet in packets {
                var mutated = packet
                for _ in 0..<(1 + Int(random.next() % 6)) where !mutated.isEmpty {
                    mutated[Int(random.next() % UInt64(mutated.count))] = UInt8(truncatingIfNeeded: random.next())
                }
                number += 1
                analyzer.ingest(mutated, linkType: LinkType.ethernet, time: Date(timeIntervalSince1970: Double(number)), file: "mutated", packetNumber: number)
            }
        }
        _ = analyzer.finish()
        #expect(analyzer.counters.packets == number)
    }

    @Test func randomFilesNeverCrash() throws {
        var random = SplitMix(seed: 7)
        let site = try Self.siteBytes()
        for _ in 0..<40 {
            var bytes = site
            for _ in 0..<8 { bytes[24 + Int(random.next() % UInt64(bytes.count - 24))] = UInt8(truncatingIfNeeded: random.next()) }
            let analyzer = PassiveAnalyzer()
            _ = try Run.withFile(bytes) { path in try? analyzer.analyze(path: path) }
            _ = analyzer.finish()
        }
    }

    @Test func flowTableStaysWithinItsCap() throws {
        var options = PassiveAnalyzer.Options()
        options.maximumFlows = 1000
        let analyzer = PassiveAnalyzer(options: options)
        let payload = Array("HTTP/1.1 200 OK\r\nServer: x\r\n".utf8)
        var peak = 0
        for index in 0..<100_000 {
            // 100k distinct server→client directions, none finished.
            let client = FixtureBuilder.Host(mac: "02:77:00:00:00:0a", ip: "10.77.\(1 + index / 60_000).\(index % 250)")
            let frame = Frames.tcp(from: FixtureBuilder.ordinaryServer, to: client, sourcePort: 80, destinationPort: UInt16(1024 + index % 60_000),
                                   sequence: UInt32(index), ack: 1, flags: 0x18, payload: payload, id: UInt16(truncatingIfNeeded: index))
            analyzer.ingest(frame, linkType: LinkType.ethernet, time: Date(timeIntervalSince1970: Double(index)), file: "flows", packetNumber: index + 1)
            peak = max(peak, analyzer.trackedFlowCount)
        }
        #expect(peak <= 1000)
        #expect(analyzer.counters.tcpFlowsEvicted >= 99_000)
        _ = analyzer.finish()
        #expect(analyzer.trackedFlowCount == 0)
    }

    @Test func streamBytesStayWithinTheirCap() throws {
        // One connection sending 1 MiB: only the first streamCap bytes are kept and dissected.
        var options = PassiveAnalyzer.Options()
        options.streamCap = 4096
        let server = FixtureBuilder.hikHTTPCamera, client = FixtureBuilder.workstation
        var frames = [Frames.tcp(from: server, to: client, sourcePort: 80, destinationPort: 50000, sequence: 999, ack: 1, flags: 0x12, id: 1)]
        let head = Array("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"IP Camera(83813)\"\r\n\r\n".utf8)
        var sequence: UInt32 = 1000
        frames.append(Frames.tcp(from: server, to: client, sourcePort: 80, destinationPort: 50000, sequence: sequence, ack: 1, flags: 0x18, payload: head, id: 2))
        sequence &+= UInt32(head.count)
        for index in 0..<768 {
            let chunk = [UInt8](repeating: 0x41, count: 1400)
            frames.append(Frames.tcp(from: server, to: client, sourcePort: 80, destinationPort: 50000, sequence: sequence, ack: 1, flags: 0x18, payload: chunk, id: UInt16(3 + index)))
            sequence &+= 1400
        }
        let (analyzer, reports) = Run.frames(frames, options: options)
        let camera = reports.first { $0.key.description == "02:77:00:00:00:41" }
        #expect(camera?.observations.contains { $0.field == ObservationField.httpRealm } == true)
        // Dissected once, when the cap was reached; the rest of the megabyte was dropped.
        #expect(analyzer.counters.dissected == 1)
        #expect(analyzer.trackedFlowCount == 0)
    }
}
