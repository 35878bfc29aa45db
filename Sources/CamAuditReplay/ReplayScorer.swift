import CamAuditEvaluation
import CamAuditMatching

/// Scores what a command found at each replayed host against the host's truth, with the same
/// tallies as the records' figures (recall, precision, maker, relabels, per protocol and family).
public enum ReplayScorer {
    public static func score(_ devices: [ReplayPlan.Device], found: [String: ReplayFinding], table: SignatureTable) -> AccuracyScorer.Report {
        var report = AccuracyScorer.Report()
        for device in devices {
            let first = device.records[0]
            let finding = found[device.address]
            let predicted = finding?.maker.map(table.familyRoot(of:))
            let truthFamily = first.vendorTruth.map(table.familyRoot(of:))
            let protocols = Set(device.servedRecords.map(\.response.protocolName))
            let outcome = DeviceOutcome(
                deviceKey: device.key, sourceKey: first.sourceKey, recordIDs: device.records.map(\.id),
                protocolName: protocols.count == 1 ? protocols.first! : "multi",
                truthMaker: first.vendorTruth, truthCovered: first.covered, isRelabel: first.isRelabel,
                verdict: finding?.verdict ?? "not-found", flagged: finding?.covered == true,
                predictedMaker: finding?.maker, makerRight: predicted != nil && predicted == truthFamily,
                summary: finding?.summary ?? "not reported", errors: [])
            report.add(outcome, family: AccuracyScorer.family(of: device.records, table: table))
        }
        return report
    }

    /// The same hosts' served records through the dissectors and matcher, no network: what a
    /// perfect scan of the replay would give, so scan and capture losses show against it.
    public static func offline(_ devices: [ReplayPlan.Device], classifierFor: (String) -> DeviceClassifier) -> AccuracyScorer.Report {
        var report = AccuracyScorer.Report()
        for device in devices {
            let served = device.servedRecords
            guard !served.isEmpty else { continue }
            let classifier = classifierFor(device.records[0].sourceKey)
            report.add(AccuracyScorer.outcome(of: served, classifier: classifier), family: AccuracyScorer.family(of: device.records, table: classifier.resolver.table))
        }
        return report
    }
}
