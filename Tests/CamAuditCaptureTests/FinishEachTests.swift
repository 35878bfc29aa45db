import CamAuditCapture
import CamAuditModel
import Foundation
import Testing

/// Devices handed over one at a time, prepared on every core, are the devices `finish()`
/// returns: same keys, same JSON, once each.
@Suite struct FinishEachTests {
    func analysed(_ path: String) throws -> PassiveAnalyzer {
        let analyzer = PassiveAnalyzer()
        _ = try analyzer.analyze(path: path)
        return analyzer
    }

    @Test func theSameDevicesAsFinish() throws {
        let directory = FixtureBuilder.fixtureDirectory
        let paths = ["site.pcap", "site.pcapng"].map { directory.appendingPathComponent($0).path }
            + (try FileManager.default.contentsOfDirectory(atPath: "Tests/Fixtures/evaluation/pcap")).filter { $0.hasSuffix(".pcap") }.map { "Tests/Fixtures/evaluation/pcap/\($0)" }
        for path in paths {
            let expected = try analysed(path).finish().map { $0.json().serialized() }
            var handed: [(DeviceKey, Int, String)] = []
            let count = try analysed(path).finishEach(prepare: { report in
                (report.key, report.classification.verdict.severity, report.json().serialized())
            }) { handed.append($0) }
            #expect(count == expected.count, "\(path)")
            let ordered = handed.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map(\.2)
            #expect(ordered == expected, "\(path)")
        }
    }

    /// The daemon's periodic record: batches of the same devices as `snapshot()`, and open
    /// streams stay for later (a second snapshot and `finish` still see them).
    @Test func reportBatchesAreSnapshotABatchAtATime() throws {
        let path = FixtureBuilder.fixtureDirectory.appendingPathComponent("site.pcap").path
        let analyzer = try analysed(path)
        let expected = analyzer.snapshot().map { $0.json().serialized() }
        let handed = analyzer.reportBatches(finishing: false, prepare: { $0 }).flatMap { $0 }
        #expect(handed.sorted(by: PassiveAnalyzer.reportOrder).map { $0.json().serialized() } == expected)
        #expect(analyzer.snapshot().map { $0.json().serialized() } == expected)
        #expect(analyzer.finish().count == expected.count)
    }

    /// More devices than one batch, so that batches and lanes both matter.
    @Test func manyDevicesAcrossBatches() throws {
        let analyzer = PassiveAnalyzer()
        let time = Date(timeIntervalSince1970: 1_790_000_000)
        for index in 0..<3_000 {
            // An ARP request from a Hikvision-OUI MAC, one per device.
            let mac: [UInt8] = [0xBC, 0xAD, 0x28, 0x00, UInt8(index >> 8), UInt8(index & 0xFF)]
            let frame = [UInt8](repeating: 0xFF, count: 6) + mac + [0x08, 0x06, 0, 1, 8, 0, 6, 4, 0, 1] + mac + [10, 1, UInt8(index >> 8), UInt8(index & 0xFF)] + [UInt8](repeating: 0, count: 10)
            analyzer.ingest(frame, linkType: 1, time: time, file: "arp", packetNumber: index + 1)
        }
        var keys = Set<DeviceKey>()
        let count = analyzer.finishEach { keys.insert($0.key) }
        #expect(count == 3_000)
        #expect(keys.count == 3_000)
    }
}
