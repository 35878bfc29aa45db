import CamAuditEvaluation
import CamAuditReplay
import Foundation

/// `camaudit-bench accuracy --scan`: the evaluation devices served one per network namespace on
/// one LAN, found by the real `camaudit scan`, and by `camaudit analyze` of a capture of that
/// scan, scored like the records (root only; see ReplayRun).
public enum ReplayAccuracyBenchmark {
    public static let usage = "accuracy --scan [--evaluation DIR] [--camaudit PATH] [--work DIR] [--only KEY,…] [--misses] [--placements]"

    public static func run(arguments: [String]) throws {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        var evaluation = EvaluationSet.defaultEvaluationDirectory
        var camaudit = here.appendingPathComponent("camaudit").path
        var work = "/tmp/camaudit-replay"
        var only: Set<String>?
        var showMisses = false, showPlacements = false
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--scan": break
            case "--evaluation": index += 1; evaluation = arguments[index]
            case "--camaudit": index += 1; camaudit = arguments[index]
            case "--work": index += 1; work = arguments[index]
            case "--only": index += 1; only = Set(arguments[index].split(separator: ",").map(String.init))
            case "--misses": showMisses = true
            case "--placements": showPlacements = true
            default: throw AccuracyBenchmark.UsageError(message: "unknown option \(arguments[index]); usage: camaudit-bench \(usage)")
            }
            index += 1
        }
        let options = ReplayRun.Options(
            evaluationDirectory: evaluation, camaudit: camaudit, bench: here.appendingPathComponent("camaudit-bench").path,
            labTool: "Packaging/netns/fleet-lab", workDirectory: work, only: only)
        if showPlacements {
            for line in try ReplayRun.plan(options).placementLines() { print(line) }
            return
        }
        let result = try ReplayRun.run(options) { FileHandle.standardOutput.write(Data("… \($0)\n".utf8)) }
        print(report(result, showMisses: showMisses))
    }

    static func report(_ result: ReplayRun.Result, showMisses: Bool) -> String {
        let plan = result.plan
        let placements = (plan.scannable + plan.notScannable).flatMap(\.host.placements)
        let served = placements.filter(\.placement.isServed).count
        var lines: [String] = []
        lines.append("replay: \(plan.scannable.count + plan.notScannable.count) devices of the evaluation set; \(plan.scannable.count) scannable, each served from its own namespace on one LAN; \(plan.notScannable.count) not scannable (below)")
        lines.append("records: \(served) served, \(placements.count - served) that no scan elicits (dns, snmp, dhcp, pushed events, paths the scanner never asks: --placements lists each)")
        lines.append("camaudit scan \(plan.targets.joined(separator: " ")) --all --jsonl: \(String(format: "%.1f", result.scanSeconds)) s at the default rates; capture \(result.capture)")
        lines.append("")
        lines.append(AccuracyBenchmark.header("scannable devices"))
        lines.append(AccuracyBenchmark.row("served records, offline", result.offline.overall))
        lines.append(AccuracyBenchmark.row("camaudit scan", result.scan.overall))
        lines.append(AccuracyBenchmark.row("camaudit analyze (the capture)", result.analyze.overall))
        lines.append(AccuracyBenchmark.row("served records, offline, LOSO", result.offlineHeldOut.overall))
        lines.append(AccuracyBenchmark.row("camaudit scan, LOSO", result.scanHeldOut.overall))
        lines.append(AccuracyBenchmark.row("camaudit analyze, LOSO", result.analyzeHeldOut.overall))
        for (title, report) in [("scan, LOSO", result.scanHeldOut), ("analyze, LOSO", result.analyzeHeldOut)] {
            lines.append("")
            lines.append(AccuracyBenchmark.header("per protocol served (\(title))"))
            for (name, tally) in report.byProtocol.sorted(by: { $0.key < $1.key }) { lines.append(AccuracyBenchmark.row(name, tally)) }
            lines.append("")
            lines.append(AccuracyBenchmark.header("per family (\(title))"))
            for (name, tally) in report.byFamily.sorted(by: { $0.key < $1.key }) { lines.append(AccuracyBenchmark.row(name, tally)) }
        }
        lines.append("")
        lines.append("not scannable (no record a scan elicits):")
        let reasons = Dictionary(grouping: plan.notScannable) { device in
            Set(device.host.placements.map(\.protocolName)).sorted().joined(separator: "+")
        }
        for (protocols, devices) in reasons.sorted(by: { $0.value.count > $1.value.count }) {
            let covered = devices.filter { $0.records[0].covered == true }.count
            lines.append("  \(devices.count) devices (\(covered) covered) with only \(protocols)")
        }
        if showMisses {
            // A miss the served records alone would have flagged is the command's loss, not the table's.
            let flaggedOffline = Set(result.offline.outcomes.filter(\.flagged).map(\.deviceKey))
            for (title, report) in [("scan", result.scan), ("analyze", result.analyze)] {
                lines.append("")
                lines.append("missed covered devices (\(title), every fingerprint; * = flagged offline from the same records):")
                for miss in report.misses {
                    let mark = flaggedOffline.contains(miss.deviceKey) ? "* " : "  "
                    lines.append("\(mark)\(miss.deviceKey) [\(miss.protocolName)] \(miss.truthMaker ?? "?"): \(miss.verdict); \(miss.summary)")
                }
                lines.append("other makers flagged (\(title), every fingerprint):")
                for item in report.falsePositives { lines.append("  \(item.deviceKey) [\(item.protocolName)] \(item.truthMaker ?? "?"): \(item.verdict) as \(item.predictedMaker ?? "?"); \(item.summary)") }
            }
            // Under leave-one-source-out the commands' own observations are classified again; a
            // device the served records are flagged for but the command's are not is its loss.
            let flaggedOfflineHeldOut = Set(result.offlineHeldOut.outcomes.filter(\.flagged).map(\.deviceKey))
            for (title, report) in [("scan", result.scanHeldOut), ("analyze", result.analyzeHeldOut)] {
                lines.append("")
                lines.append("flagged offline but missed by \(title) (LOSO):")
                for miss in report.misses where flaggedOfflineHeldOut.contains(miss.deviceKey) {
                    lines.append("  \(miss.deviceKey) [\(miss.protocolName)] \(miss.truthMaker ?? "?"): \(miss.verdict); \(miss.summary)")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
