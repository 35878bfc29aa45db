import CamAuditMatching
import CamAuditModel
import CamAuditSignatureFormat
import CamAuditSignatures
import Testing

/// The build already checked every example; these run them again through the runtime matcher,
/// the code path scans and captures use.
@Suite struct SignatureExampleTests {
    let matcher = BuiltInSignatures.classifier.matcher

    @Test func everyExampleYieldsItsAttributesAtRunTime() {
        for fingerprint in BuiltInSignatures.set.fingerprints {
            for example in fingerprint.examples {
                for field in fingerprint.fields {
                    let evidence = matcher.evidence(for: Observation(field: field, value: example.value))
                    #expect(evidence?.fingerprintID == fingerprint.id, "\(example.location): \(fingerprint.id) on \(field)")
                    for (name, value) in example.expected {
                        #expect(evidence?.attributes[name] == value, "\(example.location): \(name)")
                    }
                }
            }
        }
    }

    @Test func noNegativeIsAttributedToAnotherMaker() {
        for negative in BuiltInSignatures.set.negatives {
            for field in negative.fields {
                let evidence = matcher.evidence(for: Observation(field: field, value: negative.value))
                if negative.lookalike {
                    // Another maker sends this trait too: only stack or hint evidence may come of it.
                    #expect(evidence.map { $0.basis == .stack || $0.basis == .hint } ?? true, "\(negative.location): \(evidence?.basis.rawValue ?? "")")
                    continue
                }
                let maker = evidence?.maker
                #expect(maker == nil || maker == negative.maker, "\(negative.location): attributed to \(maker ?? "")")
            }
        }
    }

    @Test func thePrefilterNeverChangesAnAnswer() {
        let table = BuiltInSignatures.table
        var values: [(String, String)] = []
        for fingerprint in BuiltInSignatures.set.fingerprints {
            for example in fingerprint.examples { values += fingerprint.fields.map { ($0, example.value) } }
        }
        for negative in BuiltInSignatures.set.negatives { values += negative.fields.map { ($0, negative.value) } }
        for (field, value) in values {
            let naive = table.fingerprints(for: field).first { $0.evaluate(value) != nil }?.definition.id
            #expect(table.firstMatch(field: field, value: value)?.0.definition.id == naive, "\(field): \(value)")
        }
    }

    @Test func tableIsReadyQuickly() throws {
        let clock = ContinuousClock()
        let elapsed = try clock.measure { _ = try SignatureTable(BuiltInSignatures.set) }
        // Generous bound for debug builds on a loaded CI machine; the release figure is in docs/BENCHMARKS.md.
        #expect(elapsed < .seconds(2))
    }
}
