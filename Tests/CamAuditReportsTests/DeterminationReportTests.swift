import CamAuditModel
import CamAuditReports
import CamAuditSignatures
import CamAuditStore
import Foundation
import Testing

/// The issue's district: one site on E-Rate purchases after 2021, one on local funds, one in
/// Louisiana, and a site with no facts at all.
@Suite struct DeterminationReportTests {
    static let time = Date(timeIntervalSince1970: 1_765_000_000)

    static func store() throws -> (InventoryStore, [String: Int64]) {
        let store = try InventoryStore()
        let classifier = BuiltInSignatures.classifier
        var ids: [String: Int64] = [:]
        for (site, mac) in [("North", "bc:ad:28:00:00:01"), ("South", "bc:ad:28:00:00:02"), ("Bayou", "bc:ad:28:00:00:03"), ("West", "bc:ad:28:00:00:04")] {
            let scan = try store.beginScan(ScanDescription(kind: .active, scope: "10.77.0.0/24", site: site, settings: .object([]), tableVersion: "t", policyVersion: "p"))
            let observations = [Observation(field: ObservationField.httpServer, value: "Hikvision-Webs")]
            try store.record([DeviceSighting(key: site, mac: mac, addresses: ["10.77.0.1"], observations: observations,
                                             classification: classifier.classify(observations), firstSeen: time, lastSeen: time)], scan: scan)
            try store.finishScan(scan)
            ids[site] = try store.inventory(site: site)[0].deviceID
        }
        func fact(_ subject: DistrictFact.Subject, _ name: FactName, _ value: String) -> DistrictFact {
            DistrictFact(subject: subject, name: name, value: try! FactValidation.normalise(name, value).get(), enteredBy: "ana <b>", enteredAt: time, origin: "cli")
        }
        try store.recordFacts([
            fact(.site("North"), .state, "OH"), fact(.site("North"), .funding, "e-rate"), fact(.site("North"), .federalContractor, "no"),
            fact(.device(ids["North"]!), .acquired, "2022-08-15"),
            fact(.site("South"), .state, "OH"), fact(.site("South"), .funding, "local"), fact(.site("South"), .federalContractor, "no"),
            fact(.device(ids["South"]!), .acquired, "2023-01-10"),
            fact(.site("Bayou"), .state, "LA"), fact(.site("Bayou"), .funding, "local"), fact(.site("Bayou"), .federalContractor, "no"),
            fact(.device(ids["Bayou"]!), .acquired, "2022-02-01"),
            fact(.device(ids["Bayou"]!), .note, "<script>alert(1)</script>"),
        ])
        return (store, ids)
    }

    static func report() throws -> (BoardReport, [String: Int64]) {
        let (store, ids) = try store()
        let names = Dictionary(uniqueKeysWithValues: BuiltInSignatures.set.makers.map { ($0.id, $0.name) })
        return (try BoardReport(store: store, site: nil, policy: BuiltInSignatures.set.policy, tableVersion: "t", makerNames: names), ids)
    }

    func outcome(_ report: BoardReport, _ device: Int64, _ list: String) -> DeterminationOutcome? {
        report.determinations[device]?.first { $0.listID == list }?.outcome
    }

    @Test func eachSiteGetsTheOutcomesItsFactsCallFor() throws {
        let (report, ids) = try Self.report()
        let north = ids["North"]!, south = ids["South"]!, bayou = ids["Bayou"]!, west = ids["West"]!
        #expect(outcome(report, north, "fcc-54.10") == .prohibited)
        #expect(outcome(report, north, "2cfr200.216") == .notReached)
        #expect(outcome(report, north, "la-rs39-1753.1") == .notReached)
        #expect(outcome(report, south, "fcc-54.10") == .notReached)
        #expect(outcome(report, south, "la-rs39-1753.1") == .notReached)
        #expect(report.determinations[south]!.allSatisfy { $0.outcome == .notReached })
        #expect(outcome(report, bayou, "la-rs39-1753.1") == .prohibited)
        #expect(outcome(report, bayou, "fcc-54.10") == .notReached)
        #expect(outcome(report, west, "2cfr200.216") == .needsFacts)
        #expect(outcome(report, west, "la-rs39-1753.1") == .needsFacts)
        #expect(report.determinations[west]!.first { $0.listID == "la-rs39-1753.1" }?.facts == [.state])
        // Every flagged device has one outcome per list that names its maker, most pressing first.
        for (_, items) in report.determinations where !items.isEmpty {
            #expect(items.map(\.outcome.rank) == items.map(\.outcome.rank).sorted())
        }
        let sentence = try #require(report.determinations[north]!.first { $0.listID == "fcc-54.10" }?.sentence)
        #expect(sentence.contains("e-rate") && sentence.contains("2022-08-15") && sentence.contains("54.10"))
        #expect(report.law.prohibited.count == 2)
        #expect(report.law.missing.contains { $0.site == "West" && $0.fact == .state && $0.devices == [west] })
        #expect(report.law.sentence.hasPrefix("2 devices were acquired in a way a rule prohibits"))
    }

    @Test func theBoardReportOpensWithWhatTheLawAsks() throws {
        let (report, _) = try Self.report()
        let html = HTMLReportRenderer().render(report)
        let law = try #require(html.range(of: "What the law asks of the district"))
        let devices = try #require(html.range(of: "<h2>Devices</h2>"))
        #expect(law.lowerBound < devices.lowerBound)
        #expect(html.contains("<table id=\"prohibited\">") && html.contains("<table id=\"needs-facts\">"))
        #expect(html.contains("La. R.S. 38:2237.1"))
        #expect(html.contains("class=\"prohibited\">prohibited</td>"))
        // Still one inert file: no script, no external asset; facts are escaped like device strings.
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && html.contains("ana &lt;b&gt;"))
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("url("))
    }

    @Test func csvAndJSONCarryDeterminationsPerDevice() throws {
        let (report, ids) = try Self.report()
        let csv = TabularReportRenderer().csv(report)
        #expect(csv.split(separator: "\r\n").first!.hasSuffix(",determinations"))
        let bayouLine = try #require(csv.split(separator: "\r\n").first { $0.hasPrefix("\"\(ids["Bayou"]!)\"") })
        #expect(bayouLine.contains("la-rs39-1753.1=prohibited: A Louisiana public school body acquired"))
        let json = TabularReportRenderer().json(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let devices = try #require(object["devices"] as? [[String: Any]])
        let north = try #require(devices.first { $0["device_id"] as? Int == Int(ids["North"]!) })
        let items = try #require(north["determinations"] as? [[String: Any]])
        #expect(items.first?["list"] as? String == "fcc-54.10")
        #expect(items.first?["outcome"] as? String == "prohibited")
        #expect(items.first?["facts"] as? [String] == ["funding", "acquired"])
        #expect((object["law"] as? String)?.isEmpty == false)
    }
}
