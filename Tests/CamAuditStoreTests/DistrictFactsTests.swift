import CamAuditModel
import CamAuditSignatures
import CamAuditStore
import CamAuditTestSupport
import Foundation
import Testing

@Suite struct DistrictFactsTests {
    let helper = InventoryStoreTests()
    let time = Date(timeIntervalSince1970: 1_765_000_000)

    func fact(_ subject: DistrictFact.Subject, _ name: FactName, _ value: String, by: String = "ana") -> DistrictFact {
        DistrictFact(subject: subject, name: name, value: try! FactValidation.normalise(name, value).get(), enteredBy: by, enteredAt: time, origin: "cli")
    }

    func twoCameras(_ backend: Backend = .sqlite) throws -> (InventoryStore, [InventoryRow]) {
        let store = try #require(try backend.freshStore())
        _ = try helper.scan(store, [
            helper.sighting(key: "a", mac: "bc:ad:28:00:00:01", address: "10.77.0.10", [(ObservationField.httpServer, "Hikvision-Webs")]),
            helper.sighting(key: "b", mac: "bc:ad:28:00:00:02", address: "10.77.0.11", [(ObservationField.httpServer, "Hikvision-Webs")]),
        ], site: "North")
        return (store, try store.inventory())
    }

    @Test(arguments: Backend.allCases) func factsAreKeptApartWithWhoAndWhenAndSurviveReclassify(_ backend: Backend) throws {
        if backend == .postgres, TestPostgres.skipped { return }
        let (store, rows) = try twoCameras(backend)
        let device = rows[0].deviceID
        try store.recordFacts([fact(.site("North"), .funding, "local"), fact(.site("North"), .state, "la")])
        try store.recordFacts([fact(.device(device), .funding, "e-rate", by: "ben"), fact(.device(device), .acquired, "2022-03-01", by: "ben")])
        _ = try store.reclassify(tableVersion: "t2", policyVersion: "p2") { _ in
            Classification(identity: Identity(), verdict: .unknown, findings: [], summary: "recomputed")
        }
        let facts = try store.facts(site: nil)
        #expect(facts.count == 4)
        #expect(facts[0].enteredBy == "ana" && facts[0].enteredAt == time && facts[0].origin == "cli")
        let own = EffectiveFacts(device: device, site: "North", facts: facts)
        #expect(own.funding == ["e-rate"] && own.state == "LA" && own[.acquired] == "2022-03-01")
        #expect(own.values[.funding]?.enteredBy == "ben")
        let other = EffectiveFacts(device: rows[1].deviceID, site: "North", facts: facts)
        #expect(other.funding == ["local"] && other[.acquired] == nil)
        // A later entry wins; the earlier one stays as history.
        try store.recordFacts([fact(.site("North"), .funding, "federal-grant")])
        #expect(EffectiveFacts(device: rows[1].deviceID, site: "North", facts: try store.facts(site: nil)).funding == ["federal-grant"])
        #expect(try store.facts(site: "South").isEmpty)
        #expect(try store.facts(site: "North").count == 5)
    }

    @Test(arguments: Backend.allCases) func anUnknownDeviceIsRefused(_ backend: Backend) throws {
        if backend == .postgres, TestPostgres.skipped { return }
        let (store, _) = try twoCameras(backend)
        #expect(throws: StoreError.self) { try store.recordFacts([fact(.device(999), .note, "x")]) }
        #expect(try store.facts(site: nil).isEmpty)
    }

    @Test(arguments: Backend.allCases) func purchasesMatchByMACSerialOrAssetTagAndReportTheRest(_ backend: Backend) throws {
        if backend == .postgres, TestPostgres.skipped { return }
        let (store, rows) = try twoCameras(backend)
        let first = rows.first { $0.mac == "bc:ad:28:00:00:01" }!.deviceID
        let second = rows.first { $0.mac == "bc:ad:28:00:00:02" }!.deviceID
        try store.recordFacts([fact(.device(second), .assetTag, "NSD-0042"), fact(.device(first), .assetTag, "NSD-DUP")])
        try store.recordFacts([fact(.device(second), .note, "dup tag below"), fact(.device(second), .assetTag, "NSD-0042")])
        let csv = #"""
            MAC,Asset Tag,Purchase_Date,Funding,Contract,Note,Vendor
            BC-AD-28-00-00-01,,2022-03-01,e-rate,"PO 77, ""phase 2""",first,Acme
            ,nsd-0042,2019-06-30,federal-grant,,,Acme
            aa:bb:cc:dd:ee:ff,,2022-01-01,local,,,Acme
            bc:ad:28:00:00:01,NSD-0042,2022-01-01,local,,,Acme
            ,NSD-0042,2022-13-01,local,,,Acme
            ,NSD-0042,2022-01-01,bitcoin,,,Acme
            ,NSD-0042,2022-01-01,local,"unterminated,,,Acme
            only,three,fields
            not-a-mac,,2022-01-01,local,,,Acme

            ,,2022-01-01,local,,,Acme
            """#
        let result = PurchaseImport(text: "\u{FEFF}" + csv, file: "buy.csv", devices: rows, facts: try store.facts(site: nil), by: "clerk", at: time)
        #expect(result.applied.map(\.line) == [2, 3])
        #expect(result.applied.map(\.device) == [first, second])
        #expect(result.unmatched.map(\.line) == [4])
        #expect(result.ambiguous.map(\.line) == [5])
        #expect(result.ambiguous.first?.devices == [first, second].sorted())
        let problems = result.problems
        #expect(problems.contains("buy.csv:1: column 'vendor' is not used"))
        #expect(problems.contains { $0.hasPrefix("buy.csv:6: acquired '2022-13-01'") })
        #expect(problems.contains { $0.hasPrefix("buy.csv:7: unknown funding source 'bitcoin'") })
        #expect(problems.contains { $0.hasPrefix("buy.csv:8: unterminated quote") })
        #expect(problems.contains { $0.hasPrefix("buy.csv:9: 3 fields") })
        #expect(problems.contains { $0.hasPrefix("buy.csv:10: mac 'not-a-mac'") })
        #expect(problems.contains { $0.hasPrefix("buy.csv:12: no mac, serial or asset tag") })
        #expect(problems.count == 7)
        let contract = result.facts.first { $0.name == .contract }
        #expect(contract?.value == "PO 77, \"phase 2\"" && contract?.origin == "buy.csv:2" && contract?.enteredBy == "clerk")
        try store.recordFacts(result.facts)
        let facts = try store.facts(site: nil)
        #expect(EffectiveFacts(device: first, site: "North", facts: facts).acquired?.description == "2022-03-01")
        #expect(EffectiveFacts(device: second, site: "North", facts: facts).funding == ["federal-grant"])
    }

    @Test(arguments: [
        "", "\"", "mac\n\"", String(repeating: ",", count: 10_000), "mac,funding\n" + String(repeating: "a", count: 5_000) + ",local",
        "mac,funding\n\"x\"y,local", String(repeating: "\u{0}", count: 100),
    ])
    func hostileFilesAreReportedNotFatal(text: String) throws {
        let (_, rows) = try twoCameras()
        let result = PurchaseImport(text: text, file: "f.csv", devices: rows, facts: [], by: "x", at: time)
        #expect(result.facts.isEmpty)
        #expect(!result.problems.isEmpty)
    }

    @Test func anOversizedFileIsRefusedWhole() throws {
        let text = "mac,funding\n" + String(repeating: "bc:ad:28:00:00:01,local\n", count: PurchaseImport.maximumBytes / 20)
        let result = PurchaseImport(text: text, file: "big.csv", devices: [], facts: [], by: "x", at: time)
        #expect(result.problems == ["big.csv:1: file is larger than 8 MiB; split it"])
    }
}
