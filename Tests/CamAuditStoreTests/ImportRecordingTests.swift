import CamAuditModel
import CamAuditSignatures
@testable import CamAuditStore
import Foundation
import GRDB
import Testing

/// `camaudit import` records scans of kind `import`, and a device it names is the same device a
/// scan found when the MAC is the same.
@Suite struct ImportRecordingTests {
    let classifier = BuiltInSignatures.classifier

    func sighting(mac: String, address: String?, kind: EvidenceSource.Kind, reference: String? = nil, _ observations: [(String, String)]) -> DeviceSighting {
        let time = Date()
        let list = observations.map { Observation(field: $0.0, value: $0.1, source: EvidenceSource(kind: kind, protocolName: kind == .imported ? "mac-table" : "http", reference: reference, time: time)) }
        return DeviceSighting(key: "k:\(mac)", mac: mac, macSource: .frame, addresses: address.map { [$0] } ?? [], observations: list,
                              classification: classifier.classify(list), firstSeen: time, lastSeen: time)
    }

    func begin(_ store: InventoryStore, _ kind: EvidenceSource.Kind) throws -> Int64 {
        try store.beginScan(ScanDescription(kind: kind, scope: "test", site: "Lincoln High", settings: .object([]), tableVersion: "t1", policyVersion: "p1"))
    }

    @Test func migrationKeepsEarlierScansAndAllowsImport() throws {
        let queue = try DatabaseQueue()
        try SQLiteSchema.migrator.migrate(queue, upTo: "v3-device-mac-source")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO scan (id, kind, scope, started_at, status, table_version, policy_version, owner) VALUES (7, 'active', '10.0.0.0/24', '2026-11-01 10:00:00', 'complete', 't', 'p', 'o');
                INSERT INTO device (id, anchor_kind, anchor, first_seen, last_seen) VALUES (1, 'mac', '04:03:12:00:00:01', '2026-11-01', '2026-11-01');
                INSERT INTO observation (device_id, scan_id, field, value, source_kind) VALUES (1, 7, 'mac.oui', '04:03:12:00:00:01', 'active');
                """)
            #expect(throws: (any Error).self) {
                try db.execute(sql: "INSERT INTO scan (kind, scope, started_at, status, table_version, policy_version) VALUES ('import', 's', '2026-11-02', 'complete', 't', 'p')")
            }
        }
        try SQLiteSchema.migrator.migrate(queue)
        try queue.write { db in
            #expect(try Row.fetchOne(db, sql: "SELECT kind, scope, owner FROM scan WHERE id = 7") == ["kind": "active", "scope": "10.0.0.0/24", "owner": "o"])
            try db.execute(sql: "INSERT INTO scan (kind, scope, started_at, status, table_version, policy_version) VALUES ('import', 's', '2026-11-02', 'complete', 't', 'p')")
            #expect(throws: (any Error).self) {
                try db.execute(sql: "INSERT INTO scan (kind, scope, started_at, status, table_version, policy_version) VALUES ('guess', 's', '2026-11-02', 'complete', 't', 'p')")
            }
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            // The observation still belongs to its scan: deleting the scan cascades to it.
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            try db.execute(sql: "DELETE FROM scan WHERE id = 7")
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM observation") == 0)
        }
    }

    @Test(arguments: Backend.allCases) func importedMACJoinsTheScannedDeviceAndConcludesOnBoth(_ backend: Backend) throws {
        guard let store = try backend.freshStore() else { return }
        let scan = try begin(store, .active)
        try store.record([sighting(mac: "c0:56:e3:aa:bb:cc", address: "10.30.0.14", kind: .active, [(ObservationField.httpServer, "Hikvision-Webs")])], scan: scan)
        try store.finishScan(scan)

        let imported = try begin(store, .imported)
        let place = "switch core-1 port Gi1/0/14 VLAN 30"
        let devices = try store.recordMerging([sighting(mac: "c0:56:e3:aa:bb:cc", address: nil, kind: .imported, reference: place,
                                                        [(ObservationField.macAddress, "c0:56:e3:aa:bb:cc"), (ObservationField.switchPort, place)])],
                                              scan: imported, classify: classifier.classify)
        try store.finishScan(imported)
        let rows = try store.inventory()
        #expect(rows.count == 1)
        #expect(devices == [rows[0].deviceID])
        #expect(rows[0].verdict == "covered")
        // The conclusion saw the scan's banner too, and the import's place.
        #expect(rows[0].summary.contains("Hikvision-Webs"))
        #expect(rows[0].summary.contains("c0:56:e3:aa:bb:cc"))
        #expect(try store.observations(of: rows[0].deviceID, scan: imported, field: ObservationField.switchPort) == [place])
        var listed: [(Int64, String?)] = []
        try store.forEachDevice(inScan: imported, placeField: ObservationField.switchPort) { listed.append(($0.deviceID, $1)) }
        #expect(listed.map(\.0) == [rows[0].deviceID])
        #expect(listed.map(\.1) == [place])
        #expect(try store.scans().last?.kind == "import")
    }

    @Test(arguments: Backend.allCases) func aMACInTwoBatchesOfOneImportIsOneDeviceWithOneConclusion(_ backend: Backend) throws {
        guard let store = try backend.freshStore() else { return }
        let imported = try begin(store, .imported)
        let mac = "04:03:12:5a:6b:7c"
        for place in ["switch a port 1 VLAN 30", "switch b port 2 VLAN 30"] {
            try store.recordMerging([sighting(mac: mac, address: "10.30.0.14", kind: .imported, reference: place, [(ObservationField.macAddress, mac)])],
                                    scan: imported, classify: classifier.classify)
        }
        try store.finishScan(imported)
        let rows = try store.inventory()
        #expect(rows.count == 1)
        let counts = try store.database.read { db in
            [try db.value("SELECT COUNT(*) FROM conclusion WHERE scan_id = ?", [imported], as: Int.self),
             try db.value("SELECT COUNT(*) FROM sighting WHERE scan_id = ?", [imported], as: Int.self),
             try db.value("SELECT device_count FROM scan WHERE id = ?", [imported], as: Int.self)]
        }
        #expect(counts == [1, 1, 1])
        #expect(try store.knownMACs([mac, "f8:bc:12:00:00:01"]) == [mac])
    }

    @Test(arguments: Backend.allCases) func theSameMACFromTwoTablesIsOneSignalNotTwo(_ backend: Backend) throws {
        // Amcrest's own OUI is a weak hint at Dahua; seen in a lease file and again in a switch
        // table it is still one fact, and must not add up to two independent protocols.
        guard let store = try backend.freshStore() else { return }
        let mac = "9c:8e:cd:00:11:22"
        for table in ["dhcp", "mac-table"] {
            let scan = try begin(store, .imported)
            let source = EvidenceSource(kind: .imported, protocolName: table, reference: table)
            let list = [Observation(field: ObservationField.macAddress, value: mac, source: source)]
            try store.recordMerging([DeviceSighting(key: mac, mac: mac, macSource: .frame, addresses: [], observations: list,
                                                    classification: classifier.classify(list), firstSeen: Date(), lastSeen: Date())],
                                    scan: scan, classify: classifier.classify)
            try store.finishScan(scan)
        }
        #expect(try store.inventory().map(\.verdict) == ["unknown"])
    }
}

extension ImportRecordingTests {
    @Test(arguments: Backend.allCases) func reclassifyCountsARepeatedFactOnceToo(_ backend: Backend) throws {
        // What the import concluded, reclassify must conclude again from the same evidence.
        guard let store = try backend.freshStore() else { return }
        let mac = "9c:8e:cd:00:11:22"
        for table in ["dhcp", "mac-table"] {
            let scan = try begin(store, .imported)
            let list = [Observation(field: ObservationField.macAddress, value: mac, source: EvidenceSource(kind: .imported, protocolName: table))]
            try store.recordMerging([DeviceSighting(key: mac, mac: mac, macSource: .frame, addresses: [], observations: list,
                                                    classification: classifier.classify(list), firstSeen: Date(), lastSeen: Date())],
                                    scan: scan, classify: classifier.classify)
            try store.finishScan(scan)
        }
        _ = try store.reclassify(tableVersion: "t2", policyVersion: "p2", using: classifier.classify)
        #expect(try store.inventory().map(\.verdict) == ["unknown"])
    }
}
