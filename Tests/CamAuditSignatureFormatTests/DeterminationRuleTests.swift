import CamAuditModel
import Foundation
import Testing
@testable import CamAuditSignatureFormat

@Suite struct DeterminationRuleTests {
    static let packageRoot = SignatureValidatorTests.packageRoot

    static let shipped: PolicyDefinition = {
        let files = SignatureDirectory.files(under: packageRoot + "/Signatures").filter { $0.hasSuffix("policy/banlists.xml") }
        return SignatureDirectory.load(files: files).0.policy
    }()

    func facts(_ pairs: [FactName: String], site: String = "North") -> EffectiveFacts {
        var values: [FactName: DistrictFact] = [:]
        for (name, raw) in pairs {
            let value = try! FactValidation.normalise(name, raw).get()
            values[name] = DistrictFact(subject: .site(site), name: name, value: value, enteredBy: "ana", enteredAt: Date(timeIntervalSince1970: 1_765_000_000), origin: "cli")
        }
        return EffectiveFacts(values: values)
    }

    @Test func everyShippedListHasARuleWhoseExamplesPass() {
        let policy = Self.shipped
        #expect(policy.lists.count >= 15)
        #expect(Set(policy.determinations.map(\.listID)) == Set(policy.lists.map(\.id)))
        #expect(DeterminationValidator.validate(policy).isEmpty, "\(DeterminationValidator.validate(policy).map(\.description))")
        // The examples are real tests: each one is evaluated here too, not only trusted.
        for rule in policy.determinations {
            for example in rule.examples {
                let list = policy.lists.first { $0.id == rule.listID }!
                let result = rule.evaluate(try! example.effectiveFacts().get(), list: list, makerName: "Hikvision")
                #expect(result.outcome == example.outcome, "\(example.location)")
                if let needs = example.needs { #expect(result.facts == [needs], "\(example.location)") }
            }
        }
    }

    @Test func defectsInRulesAreReportedAtTheirLines() {
        let path = SignatureValidatorTests.broken + "determination_wrong.xml"
        let (set, parse) = SignatureDirectory.load(files: [path]) { String($0.split(separator: "/").last ?? "") }
        let all = (parse + SignatureValidator().validate(set)).map(\.description)
        let expected = [
            "determination_wrong.xml:9: error: list t-grant: example yields restricted, expected prohibited",
            "determination_wrong.xml:11: error: list t-grant: example yields needs-facts (acquired), expected needs-facts (state)",
            "determination_wrong.xml:12: error: list t-grant: example: unknown funding source 'gold'",
            "determination_wrong.xml:8: error: list t-grant: unknown placeholder {fundng}",
            "determination_wrong.xml:15: error: list t-none needs a <determination>",
            "determination_wrong.xml:21: error: list t-bad: <case> needs outcome=",
            "determination_wrong.xml:22: error: list t-bad: state 'Louisiana' is not a two-letter postal code",
            "determination_wrong.xml:22: error: list t-bad: unknown condition acquired-after=",
            "determination_wrong.xml:20: error: list t-bad: <determination> needs a final <otherwise",
        ]
        for message in expected {
            #expect(all.contains { $0.hasPrefix(message) }, "missing \(message) in \(all)")
        }
        // The case of t-grant that only a wrong example claimed to reach is reported unreached.
        #expect(all.contains { $0.hasPrefix("determination_wrong.xml:6: error: list t-grant: no example reaches this <case>") })
    }

    @Test func outcomesFollowTheFactsAndCiteThem() throws {
        let policy = Self.shipped
        let rule = try #require(policy.determination(for: "2cfr200.216"))
        let list = try #require(policy.lists.first { $0.id == "2cfr200.216" })
        let grant = rule.evaluate(facts([.funding: "federal-grant", .acquired: "2022-03-01"]), list: list, makerName: "Hikvision")
        #expect(grant.outcome == .prohibited)
        #expect(grant.facts == [.funding, .acquired])
        #expect(grant.sentence.contains("federal-grant") && grant.sentence.contains("2022-03-01") && grant.sentence.contains("2 CFR 200.216"))
        let local = rule.evaluate(facts([.funding: "local"]), list: list, makerName: "Hikvision")
        #expect(local.outcome == .notReached)
        #expect(local.facts == [.funding])
        let unknown = rule.evaluate(facts([:]), list: list, makerName: "Hikvision")
        #expect(unknown.outcome == .needsFacts)
        #expect(unknown.facts == [.funding])
        #expect(unknown.sentence.contains("funding source") && unknown.sentence.contains("--funding"))
        let louisiana = try #require(policy.determination(for: "la-rs39-1753.1"))
        let laList = try #require(policy.lists.first { $0.id == "la-rs39-1753.1" })
        #expect(louisiana.evaluate(facts([.state: "LA", .acquired: "2023-09-01", .funding: "local"]), list: laList, makerName: "Dahua").outcome == .prohibited)
        #expect(louisiana.evaluate(facts([.state: "TX", .acquired: "2023-09-01"]), list: laList, makerName: "Dahua").outcome == .notReached)
    }

    @Test func theCompiledTableCarriesTheRules() throws {
        let files = SignatureDirectory.files(under: Self.packageRoot + "/Signatures")
        let (set, _) = SignatureDirectory.load(files: files)
        let decoded = try SignatureSetCodec.decode(SignatureSetCodec.encode(set))
        #expect(decoded.policy.determinations == set.policy.determinations)
        #expect(!decoded.policy.determinations.isEmpty)
    }
}
