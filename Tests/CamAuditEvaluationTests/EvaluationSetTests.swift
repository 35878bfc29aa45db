import CamAuditEvaluation
import CamAuditMatching
import CamAuditSignatures
import Foundation
import Testing

/// The evaluation set of real third-party data: readable, with provenance, and a floor on the
/// precision of the table on it. Recall is a benchmark figure (`camaudit-bench accuracy`,
/// docs/ACCURACY.md), not a test.
@Suite struct EvaluationSetTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    static func load() throws -> EvaluationSet {
        try EvaluationSet.load(corpusPath: fixtures + "/corpus/corpus.jsonl", evaluationDirectory: fixtures + "/evaluation")
    }

    @Test func everyLineIsReadableAndHasASource() throws {
        let data = try Self.load()
        #expect(data.errors.isEmpty, "\(data.errors.map(\.description))")
        #expect(data.evaluation.count >= 150)
        let sources = Set(data.evaluation.map(\.sourceKey))
        #expect(sources.count >= 30, "leave-one-source-out needs many sources")
        let labelled = data.evaluation.filter { $0.covered != nil }
        #expect(labelled.contains { $0.covered == true } && labelled.contains { $0.covered == false })
    }

    @Test func precisionOnTheEvaluationSetStaysAboveTheFloor() throws {
        let data = try Self.load()
        let report = AccuracyScorer.score(data.evaluation, classifier: BuiltInSignatures.classifier)
        let flaggedOthers = report.falsePositives.map { "\($0.recordIDs.joined(separator: "+")) (\($0.truthMaker ?? "?")): \($0.summary)" }
        #expect((report.overall.precision ?? 0) >= 0.98, "\(flaggedOthers)")
        // The lookalike goal: at most one in fifty other makers' devices flagged.
        #expect((report.overall.falseFlagRate ?? 1) <= 0.02, "\(flaggedOthers)")
        #expect(report.overall.others >= 50, "too few other-maker devices to measure the lookalike rate")
    }

    @Test func holdingASourceOutRemovesWhatWasWrittenFromIt() throws {
        let data = try Self.load()
        let set = BuiltInSignatures.set
        let holdOut = LeaveOneSourceOut(set: set, citedRecords: data.corpus + data.evaluation)
        // The DHIP method fingerprint cites the protocol reference and the corpus; whatever it
        // cites, holding one of those sources out must remove it, and no other source may.
        let dhip = try #require(set.fingerprints.first { $0.id == "dahua-dhip-notify-devinfo" })
        let cited = Set(dhip.examples.map { holdOut.sources(ofExample: $0.source) })
        for source in cited {
            #expect(holdOut.fingerprintsWritten(from: source).contains(dhip.id), "\(source)")
        }
        #expect(!holdOut.fingerprintsWritten(from: "nobody/never").contains(dhip.id))
        let lenient = LeaveOneSourceOut(set: set, citedRecords: data.corpus, rule: .onlyExamples)
        if cited.count > 1, let one = cited.first {
            #expect(!lenient.fingerprintsWritten(from: one).contains(dhip.id))
        }
        let table = try holdOut.classifier(heldOut: cited.first ?? "").resolver.table
        #expect(table.set.fingerprints.count < set.fingerprints.count)
    }
}

@Suite struct SourceKeyTests {
    @Test func oneKeyForEverySpellingOfARepository() {
        #expect(SourceKey.of("rapid7/recog@14fa1a7211e7fb5707c7a1b421a07d6c2cf4eec5:xml/http_servers.xml") == "rapid7/recog")
        #expect(SourceKey.of("rapid7/recog xml/snmp_sysdescr.xml (Linux host)") == "rapid7/recog")
        #expect(SourceKey.of(repo: "Evercam/evercam-server", url: nil) == "evercam/evercam-server")
        #expect(SourceKey.of("https://github.com/evercam/evercam-server/blob/main/x.json") == "evercam/evercam-server")
        // Users' threads are one publication, the committed files another.
        #expect(SourceKey.of("https://github.com/evercam/evercam-server/issues/10") == "evercam/evercam-server#threads")
        #expect(SourceKey.of(repo: nil, url: "https://github.com/evercam/evercam-server/pull/3#x") == "evercam/evercam-server#threads")
        #expect(SourceKey.of(repo: "evercam/evercam-server", url: "https://github.com/evercam/evercam-server/issues/7") == "evercam/evercam-server#threads")
        #expect(SourceKey.of("eu-evops/homebridge-hikvision issue #2 (curl -v output)") == "eu-evops/homebridge-hikvision")
    }

    /// A reference tag that names a public thread or repository is that publication: the
    /// evaluation set may hold records from it too.
    @Test func referenceTagsResolveToTheirPublication() {
        #expect(SourceKey.of("shared/reference/protocols.md §5.5 [RROLLER-583]") == "rroller/dahua#threads")
        #expect(SourceKey.of("protocols.md §4.4 [EVERCAM-10]") == SourceKey.of(repo: "evercam/evercam-server", url: "https://github.com/evercam/evercam-server/issues/10"))
        #expect(SourceKey.of("protocols.md §4.1 [NM-SP l.9811]") == "nmap/nmap")
        #expect(SourceKey.of("protocols.md §4.1 [RECOG http_servers]") == SourceKey.of("rapid7/recog@14fa1a7:xml/http_servers.xml"))
    }

    @Test func referencesAndRegistriesHaveTheirOwnKeys() {
        #expect(SourceKey.of("shared/reference/protocols.md §5.6 [GB-DAHUA]") == "ref:gb-dahua")
        #expect(SourceKey.of("protocols.md §9.3") == "ref:protocols.md")
        #expect(SourceKey.of("IEEE MA-L registry via Debian ieee-data 20220827 (oui.txt)") == "ieee-registry")
        #expect(SourceKey.of("https://example.org/a/b?x=1") == "example.org/a/b")
        #expect(SourceKey.of("public code (product catalogue)").hasPrefix("text:"))
    }
}

@Suite struct LabelledRecordReaderTests {
    @Test func aBadLineIsReportedAndTheRestIsKept() throws {
        let path = NSTemporaryDirectory() + "camaudit-eval-\(UUID().uuidString).jsonl"
        let lines = [
            #"{"id":"a","protocol":"www-authenticate","payload":"Login to 4C045ADPAG60CD","vendor_truth":"dahua","brand":"Amcrest","covered":true,"source":{"repo":"x/y","url":null}}"#,
            #"{"id":"b","protocol":"http","payload":"x"}"#,
            "not json",
            #"{"id":"c","protocol":"rtsp","payload":"zz","encoding":"hex","source":"x/y"}"#,
            #"{"id":"d","protocol":"mac-oui","payload":"00:11:22:33:44:55","vendor_truth":"axis","covered":false,"source":"https://github.com/p/q/issues/1"}"#,
        ]
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let read = try LabelledRecordReader.read(path: path)
        #expect(read.records.map(\.id) == ["a", "d"])
        #expect(read.errors.map(\.line) == [2, 3, 4])
        #expect(read.errors[0].message.contains("no source"))
        #expect(read.records[0].isRelabel)
        #expect(read.records[1].sourceKey == "p/q#threads")
        let report = AccuracyScorer.score(read.records, classifier: BuiltInSignatures.classifier)
        #expect(report.overall.covered == 1 && report.overall.flagged == 1 && report.overall.relabelMakerRight == 1)
        #expect(report.overall.others == 1 && report.overall.falselyFlagged == 0)
    }
}
