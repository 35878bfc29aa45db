import CamAuditEvaluation
import CamAuditReplay
import CamAuditTestSupport
import Foundation
import Testing

/// A few evaluation devices replayed in network namespaces, found by the real `camaudit scan`
/// and by `camaudit analyze` of its capture: keeps the replay behind `camaudit-bench accuracy
/// --scan` from rotting. Root only (namespaces, tcpdump); nothing outside the namespaces it makes.
@Suite(.serialized) struct ReplayNamespaceTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let skipReason: Comment = "skipped: needs root, ip(8), python3 and tcpdump to build network namespaces (Packaging/install-build-deps --test)"

    /// Built products sit beside the test bundle (or in .build/debug).
    static func binary(_ name: String) throws -> String {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        let fallback = packageRoot.appendingPathComponent(".build/debug/\(name)").path
        guard FileManager.default.isExecutableFile(atPath: fallback) else { throw ReplayTestError("\(name) not built; run swift build first") }
        return fallback
    }

    /// A Hikvision camera (ISAPI deviceInfo and a status page), an Amcrest doorbell (a Dahua
    /// relabel, getSystemInfo), a Dahua camera seen only in RTSP, and a Reolink camera whose
    /// `Rtsp Server/2.0` banner other makers share (a lookalike that must not be flagged).
    static let devices: [String: (covered: Bool, maker: String?)] = [
        "ev-hikclient-2": (true, "hikvision"),
        "ev-rri304-1": (true, "dahua"),
        "ev-retina62-1": (true, "dahua"),
        "ev-retina-15": (false, nil),
    ]

    @Test(.enabled(if: geteuid() == 0 && ReplayLab.unavailableReason == nil, skipReason), .timeLimit(.minutes(2)))
    func scanAndCaptureFindTheReplayedDevices() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-replay-test-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: work) }
        let options = ReplayRun.Options(
            evaluationDirectory: Self.packageRoot.appendingPathComponent("Tests/Fixtures/evaluation").path,
            camaudit: try Self.binary("camaudit"), bench: try Self.binary("camaudit-bench"),
            labTool: Self.packageRoot.appendingPathComponent("Packaging/netns/fleet-lab").path,
            // fleet-lab's `down` deletes every namespace named camaudit-NAME-*, and every suite
            // runs in one process: the name must not be the start of another suite's namespaces.
            workDirectory: work, only: Set(Self.devices.keys), labName: "replay\(getpid() % 100_000)")
        // Minutes of scanning and capturing: waited for off the test pool (`offThePool`).
        let result = try await offThePool { try ReplayRun.run(options) }
        #expect(result.plan.scannable.count == Self.devices.count, "\(result.plan.notScannable.map(\.key))")
        for (title, report) in [("scan", result.scan), ("analyze", result.analyze)] {
            for outcome in report.outcomes {
                let id = try #require(outcome.recordIDs.first { Self.devices[$0] != nil })
                let truth = try #require(Self.devices[id])
                #expect(outcome.flagged == truth.covered, "\(title) \(id): \(outcome.verdict), \(outcome.summary)")
                if let maker = truth.maker {
                    #expect(outcome.predictedMaker.map { $0.lowercased().contains(maker) } == true, "\(title) \(id): maker \(outcome.predictedMaker ?? "none")")
                }
            }
            #expect(report.outcomes.count == Self.devices.count)
        }
        // Everything the lab made is gone.
        let namespaces = try String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)
        #expect(!namespaces.contains("camaudit-\(options.labName)-"), "a namespace of the lab is still mounted")
    }
}

struct ReplayTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
