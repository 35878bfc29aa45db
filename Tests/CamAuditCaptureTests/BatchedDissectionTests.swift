@testable import CamAuditCapture
import CamAuditModel
import Foundation
import Testing

/// Reading a file, the analyser dissects in batches on every core (`PassiveAnalyzer`
/// `dissectPending`); a live capture dissects each packet as it comes. Both must give the same
/// devices, evidence in the same order, and the same counters.
@Suite struct BatchedDissectionTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    /// Frame by frame through `ingest`, as `listen` and the daemon feed it.
    static func oneAtATime(_ path: String) throws -> PassiveAnalyzer {
        let analyzer = PassiveAnalyzer()
        let reader = try PcapFileReader(path: path)
        while let packet = try reader.next() {
            analyzer.ingest(packet.data, linkType: reader.linkType, time: packet.time, file: (path as NSString).lastPathComponent, packetNumber: packet.number, originalLength: packet.originalLength)
        }
        return analyzer
    }

    static func batched(_ path: String, lanes: Int = PassiveAnalyzer.lanes) throws -> PassiveAnalyzer {
        var options = PassiveAnalyzer.Options()
        options.lanes = lanes
        let analyzer = PassiveAnalyzer(options: options)
        #expect(try analyzer.analyze(path: path) == nil)
        return analyzer
    }

    static func compare(_ path: String) throws {
        try compare(path, single: oneAtATime(path), batched: batched(path))
        // One lane (the fuzz targets' setting) reads the file without batches and builds the
        // reports on the calling thread: the same devices again.
        try compare(path, single: batched(path, lanes: 1), batched: batched(path))
    }

    static func compare(_ path: String, single: PassiveAnalyzer, batched: PassiveAnalyzer) throws {
        // Everything but the file count, which only reading a file raises.
        var counters = single.counters
        counters.files = batched.counters.files
        #expect(counters == batched.counters, "\(path)")
        #expect(single.evidenceBytes == batched.evidenceBytes, "\(path)")
        let expected = single.finish().map { $0.json().serialized() + "\($0.observations)" }
        let got = batched.finish().map { $0.json().serialized() + "\($0.observations)" }
        #expect(got.count == expected.count, "\(path)")
        // The first device that differs, shortened: a full dump of every device is unreadable.
        if let index = zip(got, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            Issue.record("\(path): device \(index) differs: \(got[index].prefix(400)) … expected \(expected[index].prefix(400))")
        }
    }

    @Test func theFixturesGiveTheSameDevices() throws {
        let directory = FixtureBuilder.fixtureDirectory
        let evaluation = "Tests/Fixtures/evaluation/pcap"
        let paths = ["site.pcap", "site.pcapng"].map { directory.appendingPathComponent($0).path }
            + (try FileManager.default.contentsOfDirectory(atPath: evaluation)).filter { $0.hasSuffix(".pcap") }.map { "\(evaluation)/\($0)" }
        for path in paths { try Self.compare(path) }
    }

    /// Several batches: thousands of senders, each with a DHIP answer, an SSDP announcement
    /// and a payload its dissector rejects, interleaved.
    @Test func manyBatchesGiveTheSameDevices() throws {
        let dhip = try FixtureBuilder.corpusPayload("ref-9c00d2bf5a")
        var writer = PcapWriter()
        for index in 0..<1_500 {
            let host = FixtureBuilder.Host(mac: String(format: "02:88:00:00:%02x:%02x", index >> 8, index & 0xFF), ip: "10.88.\(index / 250).\(index % 250 + 1)")
            let ssdp = "NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nSERVER: Linux/3.10 UPnP/1.0 Device/\(index % 7)\r\nNTS: ssdp:alive\r\n\r\n"
            let frames = [
                Frames.udp(from: host, to: FixtureBuilder.broadcast, sourcePort: 37810, destinationPort: 37810, payload: dhip, id: 1),
                Frames.udp(from: host, to: FixtureBuilder.broadcast, sourcePort: 1900, destinationPort: 1900, payload: Array(ssdp.utf8), id: 2),
                // A DHIP header announcing more body than it carries.
                Frames.udp(from: host, to: FixtureBuilder.broadcast, sourcePort: 37810, destinationPort: 37810, payload: [0x20, 0, 0, 0, 0x44, 0x48, 0x49, 0x50] + [UInt8](repeating: 0xFF, count: 30), id: 3),
            ]
            for (offset, frame) in frames.enumerated() {
                writer.append(frame, microseconds: UInt64(1_790_000_000_000_000 + index * 1000 + offset))
            }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("batches-\(UUID().uuidString).pcap").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writer.write(to: path)
        let batched = try Self.batched(path)
        #expect(batched.counters.dissected > 2 * PassiveAnalyzer.dissectionBatch)
        #expect(batched.counters.decodeErrors["dissect.dhip"] ?? 0 > 0, "\(batched.counters)")
        try Self.compare(path)
    }
}
