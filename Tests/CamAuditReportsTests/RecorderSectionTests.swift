import CamAuditMatching
import CamAuditModel
import CamAuditReports
import CamAuditSignatures
import CamAuditStore
import Foundation
import Testing

/// The board report says, per site, how many cameras may sit behind recorders' own ports.
@Suite struct RecorderSectionTests {
    static func store() throws -> InventoryStore {
        let store = try InventoryStore()
        let classifier = BuiltInSignatures.classifier
        func add(_ site: String, _ devices: [(String, String, [(String, String)])]) throws {
            let scan = try store.beginScan(ScanDescription(kind: .active, scope: "10.77.0.0/24", site: site, settings: .object([]), tableVersion: "t", policyVersion: "p"))
            try store.record(devices.map { key, address, pairs in
                let observations = pairs.map { Observation(field: $0.0, value: $0.1) }
                return DeviceSighting(key: key, mac: nil, addresses: [address], observations: observations,
                                      classification: classifier.classify(observations), firstSeen: Date(), lastSeen: Date())
            }, scan: scan)
            try store.finishScan(scan)
        }
        try add("Lincoln High", [
            ("nvr", "10.77.0.20", [(ObservationField.isapiManufacturer, "Hikvision"), (ObservationField.isapiModel, "DS-7616NI-Q2/16P")]),
            ("dvr", "10.77.0.21", [(ObservationField.dhipDeviceType, "XVR5108HS")]),
            ("cam", "10.77.0.22", [(ObservationField.isapiModel, "DS-2CD2443G0-IW")]),
        ])
        try add("Jefferson Elementary", [("old-nvr", "10.77.1.20", [(ObservationField.dhipDeviceType, "NVR4108HS-8P-4KS2")])])
        return store
    }

    func report(_ store: InventoryStore) throws -> BoardReport {
        try BoardReport(store: store, site: nil, policy: BuiltInSignatures.set.policy, tableVersion: "t",
                        recorderInputs: BuiltInSignatures.table.recorderInputs(model:))
    }

    @Test func eachSiteCountsItsRecordersPortsAndCoaxChannels() throws {
        let report = try report(Self.store())
        let lincoln = try #require(report.recorderSites.first { $0.site == "Lincoln High" })
        // 16 PoE ports of the NVR plus 8 coax channels of the XVR; the camera is no recorder.
        #expect(lincoln.upTo == 24)
        #expect(lincoln.recorders.map(\.row.model) == ["DS-7616NI-Q2/16P", "XVR5108HS"])
        #expect(report.recorderSites.first { $0.site == "Jefferson Elementary" }?.upTo == 8)
        let html = HTMLReportRenderer().render(report)
        #expect(html.contains("<strong>Lincoln High</strong>: up to 24 further cameras may be connected to recorders&#39; own ports and are not visible on the network."))
        #expect(html.contains("<table id=\"recorders\">"))
        let json = TabularReportRenderer().json(report)
        #expect(json.contains("\"hidden_behind_recorders\""))
        #expect(TabularReportRenderer().markdown(report).contains("up to 24 further cameras"))
    }

    @Test func aReplacedRecorderNoLongerCounts() throws {
        let store = try Self.store()
        let recorder = try #require(try store.inventory().first { $0.model == "NVR4108HS-8P-4KS2" })
        try store.mark(device: recorder.deviceID, status: "replaced", note: "", by: "it")
        #expect(try report(store).recorderSites.contains { $0.site == "Jefferson Elementary" } == false)
    }

    @Test func withoutADecoderThereIsNoSection() throws {
        let report = try BoardReport(store: Self.store(), site: nil, policy: BuiltInSignatures.set.policy, tableVersion: "t")
        #expect(report.recorderSites.isEmpty)
        #expect(!HTMLReportRenderer().render(report).contains("Cameras the network does not show"))
    }
}
