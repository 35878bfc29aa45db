import CamAuditEvaluation
import CamAuditMatching
import CamAuditSignatures
import Foundation

/// `camaudit-bench accuracy`: recall, precision and maker accuracy on real labelled data, with
/// every fingerprint and leave-one-source-out, per protocol, per family and per source.
public enum AccuracyBenchmark {
    public static func run(arguments: [String]) throws {
        var corpusPath = EvaluationSet.defaultCorpusPath
        var evaluationDirectory = EvaluationSet.defaultEvaluationDirectory
        var showMisses = false
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--corpus": index += 1; corpusPath = arguments[index]
            case "--evaluation": index += 1; evaluationDirectory = arguments[index]
            case "--misses": showMisses = true
            default: throw UsageError(message: "unknown option \(arguments[index]); usage: camaudit-bench accuracy [--corpus FILE] [--evaluation DIR] [--misses]")
            }
            index += 1
        }
        let data = try EvaluationSet.load(corpusPath: corpusPath, evaluationDirectory: evaluationDirectory)
        for error in data.errors { print("skipped \(error)") }
        let full = DeviceClassifier(table: BuiltInSignatures.table)
        let holdOut = LeaveOneSourceOut(set: BuiltInSignatures.set, citedRecords: data.corpus + data.evaluation)

        let devices = AccuracyScorer.devices(data.evaluation)
        let sources = Set(data.evaluation.map(\.sourceKey))
        print("evaluation set: \(data.evaluation.count) records, \(devices.count) devices, \(sources.count) sources (\(evaluationDirectory))")
        print("signature table \(BuiltInSignatures.table.version): \(BuiltInSignatures.set.fingerprints.count) fingerprints, \(BuiltInSignatures.set.ouis.count) OUI assignments")
        print("")
        let inSample = AccuracyScorer.score(data.evaluation, classifier: full)
        var failures: [String] = []
        let heldOut = AccuracyScorer.score(data.evaluation) { source in
            do { return try holdOut.classifier(heldOut: source) } catch {
                failures.append("\(source): \(error)")
                return full
            }
        }
        let lenientHoldOut = LeaveOneSourceOut(set: BuiltInSignatures.set, citedRecords: data.corpus + data.evaluation, rule: .onlyExamples)
        let lenient = AccuracyScorer.score(data.evaluation) { source in
            (try? lenientHoldOut.classifier(heldOut: source)) ?? full
        }
        for failure in failures { print("could not hold out \(failure); scored with every fingerprint") }
        print(header("evaluation set"))
        print(row("every fingerprint", inSample.overall))
        print(row("leave-one-source-out", heldOut.overall))
        print(row("  (held out only if all examples)", lenient.overall))
        print("")
        print(header("per protocol (LOSO)"))
        for (name, tally) in heldOut.byProtocol.sorted(by: { $0.key < $1.key }) { print(row(name, tally)) }
        print("")
        print(header("per family (LOSO)"))
        for (name, tally) in heldOut.byFamily.sorted(by: { $0.key < $1.key }) { print(row(name, tally)) }
        print("")
        print(header("per source (LOSO)"))
        for (name, tally) in heldOut.bySource.sorted(by: { $0.key < $1.key }) { print(row(name, tally)) }
        print("")
        let corpus = AccuracyScorer.score(data.corpus, classifier: full)
        print(header("corpus (what fingerprints are written from: in-sample, not evidence of accuracy)"))
        print(row("every fingerprint", corpus.overall))
        if showMisses {
            print("")
            // In-sample misses are what no fingerprint reaches at all; the LOSO list adds what only
            // the device's own source taught.
            for (title, result) in [("missed covered devices (every fingerprint):", inSample), ("missed covered devices (LOSO):", heldOut)] {
                print(title)
                for miss in result.misses { print("  \(miss.recordIDs.joined(separator: "+")) [\(miss.protocolName)] \(miss.truthMaker ?? "?"): \(miss.verdict); \(miss.errors.isEmpty ? miss.summary : miss.errors.joined(separator: "; "))") }
            }
            print("relabels whose maker was not named (LOSO):")
            for item in heldOut.outcomes where item.isRelabel && item.truthCovered == true && !item.makerRight {
                print("  \(item.recordIDs.joined(separator: "+")) [\(item.protocolName)] \(item.truthMaker ?? "?"): named \(item.predictedMaker ?? "none"); \(item.summary)")
            }
            print("other makers flagged (LOSO):")
            for item in heldOut.falsePositives { print("  \(item.recordIDs.joined(separator: "+")) [\(item.protocolName)] \(item.truthMaker ?? "?"): \(item.verdict) as \(item.predictedMaker ?? "?"); \(item.summary)") }
            print("other makers flagged (every fingerprint):")
            for item in inSample.falsePositives { print("  \(item.recordIDs.joined(separator: "+")) \(item.truthMaker ?? "?"): \(item.summary)") }
            print("other makers flagged (corpus):")
            for item in corpus.falsePositives { print("  \(item.recordIDs.joined(separator: "+")) [\(item.protocolName)] \(item.truthMaker ?? "?"): \(item.verdict) as \(item.predictedMaker ?? "?"); \(item.summary)") }
        }
    }

    struct UsageError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static func header(_ title: String) -> String {
        pad(title, 34) + "covered flagged recall  others false precision  maker  relabel maker"
    }

    static func row(_ name: String, _ tally: AccuracyTally) -> String {
        pad(name, 34)
            + pad(String(tally.covered), 8) + pad(String(tally.flagged), 8) + pad(figure(tally.recall), 8)
            + pad(String(tally.others), 7) + pad(String(tally.falselyFlagged), 6) + pad(figure(tally.precision), 11)
            + pad(figure(tally.makerAccuracy), 7) + pad(String(tally.relabels), 8) + figure(tally.relabelMakerAccuracy)
    }

    static func figure(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0) } ?? "–"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width - 1)) + " " : text + String(repeating: " ", count: width - text.count)
    }
}
