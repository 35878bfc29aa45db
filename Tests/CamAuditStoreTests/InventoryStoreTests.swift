import CamAuditModel
import CamAuditSignatures
import CamAuditStore
import Foundation
import Testing

@Suite struct InventoryStoreTests {
    let classifier = BuiltInSignatures.classifier

    func sighting(key: String, mac: String?, address: String?, _ observations: [(String, String)], at time: Date = Date()) -> DeviceSighting {
        let list = observations.map { Observation(field: $0.0, value: $0.1, source: EvidenceSource(kind: .active, protocolName: "test", time: time)) }
        return DeviceSighting(key: key, mac: mac, addresses: address.map { [$0] } ?? [], observations: list,
                              classification: classifier.classify(list), firstSeen: time, lastSeen: time)
    }

    func scan(_ store: InventoryStore, _ sightings: [DeviceSighting], site: String? = "Lincoln High") throws -> Int64 {
        let id = try store.beginScan(ScanDescription(kind: .active, scope: "10.77.0.0/24", site: site, settings: .object([]), tableVersion: "t1", policyVersion: "p1"))
        try store.record(sightings, scan: id)
        try store.finishScan(id)
        return id
    }

    @Test(arguments: Backend.allCases) func recordsEvidenceAndConclusionsApart(_ backend: Backend) throws {
        guard let store = try backend.freshStore() else { return }
        _ = try scan(store, [
            sighting(key: "a", mac: "bc:ad:28:00:00:01", address: "10.77.0.10", [(ObservationField.httpServer, "Hikvision-Webs")]),
            sighting(key: "b", mac: "00:40:8c:00:00:02", address: "10.77.0.11", [(ObservationField.macAddress, "00:40:8c:00:00:02")]),
        ])
        let rows = try store.inventory()
        #expect(rows.count == 2)
        #expect(rows[0].verdict == "covered")
        #expect(rows[0].maker == "hikvision")
        #expect(rows[0].site == "Lincoln High")
        #expect(rows[0].lists.contains("fcc-covered-list"))
        #expect(rows[1].verdict == "not-covered")
    }

    @Test(arguments: Backend.allCases) func theTrendComparesScansOfTheSameSite(_ backend: Backend) throws {
        guard let store = try backend.freshStore() else { return }
        let camera = sighting(key: "a", mac: "bc:ad:28:00:00:01", address: "10.77.0.10", [(ObservationField.httpServer, "Hikvision-Webs")])
        let printer = sighting(key: "p", mac: "00:40:8c:00:00:02", address: "10.78.0.5", [(ObservationField.macAddress, "00:40:8c:00:00:02")])
        let lincolnFirst = try scan(store, [camera], site: "Lincoln High")
        _ = try scan(store, [printer], site: "Roosevelt Elementary")
        let lincolnSecond = try scan(store, [camera], site: "Lincoln High")
        // The default compares Lincoln with Lincoln, not with the Roosevelt scan in between.
        let diff = try store.diff()
        #expect(diff.fromScan == lincolnFirst && diff.toScan == lincolnSecond)
        #expect(diff.new.isEmpty && diff.gone.isEmpty)
        let changes = try store.latestChangesBySite()
        #expect(changes.map(\.site) == ["Lincoln High"])
        #expect(throws: StoreError.self) { try store.diff(to: lincolnFirst) }
    }

    @Test(arguments: Backend.allCases) func aDeviceThatDidNotTellItsSerialThisTimeStaysOneDevice(_ backend: Backend) throws {
        let withSerial = sighting(key: "x", mac: nil, address: "10.77.0.20", [(ObservationField.sadpSerial, "DS-2CD2143G2-I20210101AAWRG12345678"), (ObservationField.httpServer, "Hikvision-Webs")])
        let withoutSerial = sighting(key: "x", mac: nil, address: "10.77.0.20", [(ObservationField.httpServer, "Hikvision-Webs")])
        guard let store = try backend.freshStore() else { return }
        _ = try scan(store, [withSerial])
        _ = try scan(store, [withoutSerial])
        #expect(try store.inventory().count == 1)
        let diff = try store.diff()
        #expect(diff.new.isEmpty && diff.gone.isEmpty)
    }

    @Test(arguments: Backend.allCases) func aReaddressedDeviceStaysOneDevice(_ backend: Backend) throws {
        guard let store = try backend.freshStore() else { return }
        _ = try scan(store, [sighting(key: "a", mac: "bc:ad:28:00:00:01", address: "10.77.0.10", [(ObservationField.httpServer, "Hikvision-Webs")])])
        let second = try scan(store, [sighting(key: "a", mac: "bc:ad:28:00:00:01", address: "10.77.0.99", [(ObservationField.httpServer, "Hikvision-Webs")])])
        let rows = try store.inventory()
        #expect(rows.count == 1)
        #expect(Set(rows[0].addresses) == ["10.77.0.10", "10.77.0.99"])
        let diff = try store.diff()
        #expect(diff.toScan == second)
        #expect(diff.moved.map(\.after) == ["10.77.0.99"])
        #expect(diff.new.isEmpty && diff.gone.isEmpty)
    }

    @Test(arguments: Backend.allCases) func serialAnchorsADeviceWithoutAUniversalMAC(_ backend: Backend) throws {
        guard let store = try backend.freshStore() else { return }
        let realm = (ObservationField.rtspRealm, "Login to 4J0186FPAG00123")
        _ = try scan(store, [sighting(key: "x", mac: "02:00:00:00:00:01", address: "10.77.0.20", [realm])])
        _ = try scan(store, [sighting(key: "y", mac: "02:00:00:00:00:02", address: "10.77.0.21", [realm])])
        #expect(try store.inventory().count == 1)
    }

    /// Masked serials (as answers are published) and firmware placeholders are the same on
    /// every unit: two cameras sending one must stay two devices.
    @Test(arguments: Backend.allCases) func aPlaceholderSerialAnchorsNothing(_ backend: Backend) throws {
        guard let store = try backend.freshStore() else { return }
        for placeholder in ["DS-2CD2155FWD-XXXXXXXXXXXXXXXXXXXXX", "0000000000", "SN1", "REDACTED", "unknown", "Serial Number"] {
            let serial = (ObservationField.isapiSerial, placeholder)
            let model = (ObservationField.isapiModel, "DS-2CD2155FWD-I")
            _ = try scan(store, [
                sighting(key: "x", mac: "02:00:00:00:01:01", address: "10.77.1.20", [model, serial]),
                sighting(key: "y", mac: "02:00:00:00:01:02", address: "10.77.1.21", [model, serial]),
            ])
        }
        #expect(try store.inventory().count == 2)
        #expect(try store.inventory().allSatisfy { $0.addresses.count == 1 })
    }

    @Test(arguments: Backend.allCases) func diffListsNewGoneAndReclassifiedCoveredFirst(_ backend: Backend) throws {
        guard let store = try backend.freshStore() else { return }
        _ = try scan(store, [
            sighting(key: "keep", mac: "00:40:8c:00:00:02", address: "10.77.0.11", [(ObservationField.httpServer, "nginx")]),
            sighting(key: "gone", mac: "00:40:8c:00:00:03", address: "10.77.0.12", [(ObservationField.macAddress, "00:40:8c:00:00:03")]),
        ])
        _ = try scan(store, [
            sighting(key: "keep", mac: "00:40:8c:00:00:02", address: "10.77.0.11", [(ObservationField.httpServer, "DNVRS-Webs")]),
            sighting(key: "new", mac: "3c:ef:8c:00:00:04", address: "10.77.0.13", [(ObservationField.macAddress, "3c:ef:8c:00:00:04")]),
        ])
        let diff = try store.diff()
        #expect(diff.new.map(\.verdict) == ["covered"])
        #expect(diff.gone.map(\.verdict) == ["not-covered"])
        #expect(diff.reclassified.count == 1)
        #expect(diff.reclassified.first?.before == "unknown")
    }

    @Test(arguments: Backend.allCases) func reclassifyRecomputesFromStoredEvidence(_ backend: Backend) throws {
        guard let store = try backend.freshStore() else { return }
        _ = try scan(store, [sighting(key: "a", mac: nil, address: "10.77.0.30", [(ObservationField.httpRealm, "IP Camera(C2183)")])])
        #expect(try store.inventory()[0].verdict == "likely-covered")
        // A stricter (hypothetical) table that recognises nothing: every conclusion changes.
        let changes = try store.reclassify(tableVersion: "t2", policyVersion: "p1") { _ in
            Classification(identity: Identity(), verdict: .unknown, findings: [], summary: "nothing")
        }
        #expect(changes.map(\.after) == ["unknown"])
        #expect(try store.inventory()[0].verdict == "unknown")
        #expect(try store.inventory()[0].tableVersion == "t2")
        // The same table again changes nothing.
        #expect(try store.reclassify(tableVersion: "t2", policyVersion: "p1") { _ in
            Classification(identity: Identity(), verdict: .unknown, findings: [], summary: "nothing")
        }.isEmpty)
    }

    @Test(arguments: Backend.allCases) func remediationIsRecorded(_ backend: Backend) throws {
        guard let store = try backend.freshStore() else { return }
        _ = try scan(store, [sighting(key: "a", mac: "bc:ad:28:00:00:01", address: "10.77.0.10", [(ObservationField.httpServer, "Hikvision-Webs")])])
        let id = try #require(try store.inventory().first?.deviceID)
        try store.mark(device: id, status: "planned", note: "PO 2027-114", by: "it-staff")
        #expect(try store.inventory().first?.remediation == "planned")
        #expect(throws: StoreError.self) { try store.mark(device: 999, status: "removed", note: "", by: "x") }
    }

    @Test(arguments: Backend.allCases) func anInterruptedScanIsMarkedOnReopen(_ backend: Backend) throws {
        guard let location = try backend.freshLocation() else { return }
        defer { removeSQLite(location) }
        do {
            let store = try location.open()
            _ = try scan(store, [sighting(key: "a", mac: "bc:ad:28:00:00:01", address: "10.77.0.10", [(ObservationField.httpServer, "Hikvision-Webs")])])
            let running = try store.beginScan(ScanDescription(kind: .active, scope: "x", site: nil, settings: .object([]), tableVersion: "t", policyVersion: "p"))
            try store.record([sighting(key: "b", mac: nil, address: "10.77.0.40", [])], scan: running)
        }
        let reopened = try location.open()
        let scans = try reopened.scans()
        #expect(scans.map(\.status) == ["complete", "interrupted"])
        #expect(throws: StoreError.self) { try reopened.diff() }
    }

    /// A second store on the same inventory (a report, the timer's run, another school's
    /// agent) must not declare a scan that its still-open writer is adding to interrupted.
    @Test(arguments: Backend.allCases) func aScanStillBeingWrittenIsLeftRunning(_ backend: Backend) throws {
        guard let location = try backend.freshLocation() else { return }
        defer { removeSQLite(location) }
        let writer = try location.open()
        let running = try writer.beginScan(ScanDescription(kind: .passive, scope: "lo", site: nil, settings: .object([]), tableVersion: "t", policyVersion: "p"))
        do {
            let reader = try location.open()
            #expect(try reader.scans().map(\.status) == ["running"])
        }
        try writer.record([sighting(key: "a", mac: "bc:ad:28:00:00:01", address: "10.77.0.10", [(ObservationField.httpServer, "Hikvision-Webs")])], scan: running)
        try writer.finishScan(running)
        #expect(try location.open().scans().map(\.status) == ["complete"])
    }

    func removeSQLite(_ location: TestInventoryLocation) {
        guard !location.text.contains("://") else { return }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: location.text + suffix) }
    }
}
