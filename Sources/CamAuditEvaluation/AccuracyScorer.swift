import CamAuditDissectors
import CamAuditMatching
import CamAuditModel

/// Classifies labelled devices with a given table and counts what it got right, per protocol,
/// per maker family and per source.
public struct AccuracyScorer: Sendable {
    public struct Report: Sendable {
        public var overall = AccuracyTally()
        public var byProtocol: [String: AccuracyTally] = [:]
        public var byFamily: [String: AccuracyTally] = [:]
        public var bySource: [String: AccuracyTally] = [:]
        public var outcomes: [DeviceOutcome] = []

        public init() {}

        public mutating func add(_ outcome: DeviceOutcome, family: String) {
            overall.add(outcome)
            byProtocol[outcome.protocolName, default: AccuracyTally()].add(outcome)
            byFamily[family, default: AccuracyTally()].add(outcome)
            bySource[outcome.sourceKey, default: AccuracyTally()].add(outcome)
            outcomes.append(outcome)
        }

        public var misses: [DeviceOutcome] { outcomes.filter { $0.truthCovered == true && !$0.flagged } }
        public var falsePositives: [DeviceOutcome] { outcomes.filter { $0.truthCovered == false && $0.flagged } }
    }

    /// Records grouped into devices (the `device` key within one file, else one record each),
    /// in input order.
    public static func devices(_ records: [LabelledRecord]) -> [[LabelledRecord]] {
        var order: [String] = []
        var groups: [String: [LabelledRecord]] = [:]
        for record in records {
            if groups[record.deviceKey] == nil { order.append(record.deviceKey) }
            groups[record.deviceKey, default: []].append(record)
        }
        return order.map { groups[$0]! }
    }

    public static func outcome(of device: [LabelledRecord], classifier: DeviceClassifier) -> DeviceOutcome {
        let first = device[0]
        var observations: [Observation] = []
        var errors: [String] = []
        for record in device {
            do {
                observations += try record.response.observations()
            } catch {
                errors.append("\(record.id): \(error.message)")
            }
        }
        let classification = classifier.classify(observations)
        let table = classifier.resolver.table
        let predicted = classification.identity.maker.map(table.familyRoot(of:))
        let truthFamily = first.vendorTruth.map(table.familyRoot(of:))
        let protocols = Set(device.map(\.response.protocolName))
        return DeviceOutcome(
            deviceKey: first.deviceKey, sourceKey: first.sourceKey, recordIDs: device.map(\.id),
            protocolName: protocols.count == 1 ? protocols.first! : "multi",
            truthMaker: first.vendorTruth, truthCovered: first.covered, isRelabel: first.isRelabel,
            verdict: classification.verdict.rawValue, flagged: classification.verdict.coveredFlag == true,
            predictedMaker: classification.identity.maker, makerRight: predicted != nil && predicted == truthFamily,
            summary: classification.summary, errors: errors)
    }

    /// The family a device is counted under: its maker's family root for covered devices,
    /// `other` for other makers, `unlabelled` where the maker is not established.
    public static func family(of device: [LabelledRecord], table: SignatureTable) -> String {
        switch device[0].covered {
        case true?: device[0].vendorTruth.map(table.familyRoot(of:)) ?? "unlabelled"
        case false?: "other"
        case nil: "unlabelled"
        }
    }

    /// Scores every device with one classifier.
    public static func score(_ records: [LabelledRecord], classifier: DeviceClassifier) -> Report {
        var report = Report()
        for device in devices(records) {
            report.add(outcome(of: device, classifier: classifier), family: family(of: device, table: classifier.resolver.table))
        }
        return report
    }

    /// Scores each device with the classifier its source gets (leave-one-source-out).
    public static func score(_ records: [LabelledRecord], classifierFor: (String) -> DeviceClassifier) -> Report {
        var report = Report()
        for device in devices(records) {
            let classifier = classifierFor(device[0].sourceKey)
            report.add(outcome(of: device, classifier: classifier), family: family(of: device, table: classifier.resolver.table))
        }
        return report
    }
}
