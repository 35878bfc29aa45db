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
        let batch = groups[start..<Swift.min(groups.count, start + Self.batchSize)].map { group in
            (group.key, groups.senders(of: group).map { senders[Int($0)] })
        }
        start += Self.batchSize
        let (prepare, vocabulary, classifier) = (prepare, vocabulary, classifier)
        if lanes == 1 {
            // On the calling thread: nothing is handed to libdispatch's workers.
            return batch.map { key, senders in prepare(PassiveAnalyzer.report(key, senders, vocabulary: vocabulary, classifier: classifier)) }
        }
        var results = [Prepared?](repeating: nil, count: batch.count)
        results.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let slots = PassiveAnalyzer.Slots(base: base)
            // Each index is taken by one lane only: no two threads write one element.
            LaneWork.forEach(count: batch.count, lanes: lanes) { index in
                let (key, senders) = batch[index]
                slots.store(prepare(PassiveAnalyzer.report(key, senders, vocabulary: vocabulary, classifier: classifier)), at: index)
            }
        }
        return results.compactMap { $0 }
    }
}
