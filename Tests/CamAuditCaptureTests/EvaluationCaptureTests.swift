import CamAuditCapture
import Foundation
import Testing

/// Real captures of other makers' cameras (Tests/Fixtures/evaluation/pcap, provenance in
/// notes-passive.md): nothing in them may be flagged, and each still yields its senders.
@Suite struct EvaluationCaptureTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/evaluation/pcap").path

    static var captures: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.sorted()
    }

    @Test func thereAreRealCapturesToCheck() {
        #expect(Self.captures.count >= 5)
    }

    @Test(arguments: captures)
    func noOtherMakersCameraIsFlagged(file: String) throws {
        let analyzer = PassiveAnalyzer()
        let error = try analyzer.analyze(path: Self.directory + "/" + file)
        #expect(error == nil, "\(file): \(String(describing: error))")
        let devices = analyzer.finish()
        #expect(!devices.isEmpty, "\(file): no sender")
        let flagged = devices.filter { $0.classification.verdict.coveredFlag == true }
        #expect(flagged.isEmpty, "\(file): \(flagged.map { "\($0.key): \($0.classification.summary)" })")
    }
}
