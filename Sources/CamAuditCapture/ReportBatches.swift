import CamAuditMatching
import CamAuditSignatures
import Dispatch
import Foundation

/// The analyser's devices, classified a batch of 1,024 at a time on every core: building and
/// classifying a report, and what the caller derives from it (`prepare`: its JSON, its table
/// row), is most of the work at the end of a large capture and each device's is independent.
/// Only one batch of reports exists at a time.
public struct ReportBatches<Prepared: Sendable>: Sequence, IteratorProtocol {
    static var batchSize: Int { 1024 }

    private let groups: DeviceGroups
    private let senders: ContiguousArray<PassiveDevice>
    private let vocabulary: EvidenceVocabulary
    private let prepare: @Sendable (DeviceReport) -> Prepared
    private let lanes: Int
    private let classifier = BuiltInSignatures.classifier
    private var start = 0

    init(groups: DeviceGroups, senders: ContiguousArray<PassiveDevice>, vocabulary: EvidenceVocabulary, lanes: Int, prepare: @escaping @Sendable (DeviceReport) -> Prepared) {
        self.groups = groups
        self.lanes = Swift.max(1, lanes)
        self.senders = senders
        self.vocabulary = vocabulary
        self.prepare = prepare
    }

    public mutating func next() -> [Prepared]? {
        guard start < groups.count else { return nil }
        let batch = start..<Swift.min(groups.count, start + Self.batchSize)
        start = batch.upperBound
        // Each device's senders are gathered by the lane that reports it, not beforehand on the
        // calling thread, which would leave the other cores idle meanwhile.
        let (groups, senders, prepare, vocabulary, classifier) = (groups, senders, prepare, vocabulary, classifier)
        let prepared: @Sendable (Int) -> Prepared = { index in
            let group = groups[index]
            let members = groups.senders(of: group).map { senders[Int($0)] }
            return prepare(PassiveAnalyzer.report(group.key, members, vocabulary: vocabulary, classifier: classifier))
        }
        var results = [Prepared?](repeating: nil, count: batch.count)
        results.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let slots = PassiveAnalyzer.Slots(base: base)
            // Each index is taken by one lane only: no two threads write one element.
            LaneWork.forEach(count: batch.count, lanes: lanes) { offset in
                slots.store(prepared(batch.lowerBound + offset), at: offset)
            }
        }
        return results.compactMap { $0 }
    }
}
