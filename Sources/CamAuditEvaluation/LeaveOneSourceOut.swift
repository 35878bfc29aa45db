import CamAuditMatching
import CamAuditSignatureFormat

/// Tables without what was written from one source: a fingerprint any of whose examples came
/// from that source is left out (so a later one of the same field may match instead), and so
/// is the OUI extract when the source is the registry itself. Scoring a source's devices with
/// its table measures what fingerprints written from *other* data find in it.
public final class LeaveOneSourceOut: @unchecked Sendable {
    /// Which fingerprints a source takes with it when it is held out.
    public enum Rule: String, Sendable {
        /// Any of whose examples came from it: the strict figure, the one reported.
        case anyExample = "any-example"
        /// All of whose examples came from it: a fingerprint also shown to match another
        /// source's real data stays.
        case onlyExamples = "only-examples"
    }

    public let set: SignatureSet
    public let rule: Rule
    /// The source key of each record id an example may cite (`corpus:<id>`, `evaluation:<id>`).
    private let recordSources: [String: String]
    private var classifiers: [String: DeviceClassifier] = [:]

    public init(set: SignatureSet, citedRecords: [LabelledRecord], rule: Rule = .anyExample) {
        self.set = set
        self.rule = rule
        var sources: [String: String] = [:]
        for record in citedRecords { sources[record.id] = record.sourceKey }
        recordSources = sources
    }

    /// The sources an example's `source=` attribute names.
    public func sources(ofExample text: String) -> String {
        for prefix in ["corpus:", "evaluation:"] where text.hasPrefix(prefix) {
            let id = String(text.dropFirst(prefix.count).prefix { !$0.isWhitespace })
            if let key = recordSources[id] { return key }
        }
        return SourceKey.of(text)
    }

    /// Fingerprint ids written (at least partly) from `source`.
    public func fingerprintsWritten(from source: String) -> Set<String> {
        Set(set.fingerprints.filter { fingerprint in
            switch rule {
            case .anyExample: fingerprint.examples.contains { sources(ofExample: $0.source) == source }
            case .onlyExamples: fingerprint.examples.allSatisfy { sources(ofExample: $0.source) == source }
            }
        }.map(\.id))
    }

    public func classifier(heldOut source: String) throws -> DeviceClassifier {
        if let cached = classifiers[source] { return cached }
        var reduced = set
        let excluded = fingerprintsWritten(from: source)
        reduced.fingerprints.removeAll { excluded.contains($0.id) }
        if SourceKey.of(set.ouiSource) == source { reduced.ouis = [] }
        let classifier = DeviceClassifier(table: try SignatureTable(reduced))
        classifiers[source] = classifier
        return classifier
    }
}
