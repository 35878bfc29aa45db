import CamAuditModel
import CamAuditSignatures
@testable import CamAuditStore
import Foundation
import GRDB
import Testing

/// The inventory says where each device's MAC came from: the frames (its own segment), a
/// payload it stated (seen behind a router), or nowhere.
@Suite struct MACSourceTests {
    let classifier = BuiltInSignatures.classifier

    func sighting(key: String, mac: String?, macSource: MACSource?, address: String, _ observations: [(String, String)]) -> DeviceSighting {
        let time = Date()
        let list = observations.map { Observation(field: $0.0, value: $0.1, source: EvidenceSource(kind: .passive, protocolName: "dhip", time: time)) }
        return DeviceSighting(key: key, mac: mac, macSource: macSource, addresses: [address], observations: list,
                              classification: classifier.classify(list), firstSeen: time, lastSeen: time)
    }

    func record(_ store: InventoryStore, _ sightings: [DeviceSighting]) throws {
        let scan = try store.beginScan(ScanDescription(kind: .passive, scope: "capture", site: "Lincoln High", settings: .object([]), tableVersion: "t1", policyVersion: "p1"))
        try store.record(sightings, scan: scan)
        try store.finishScan(scan)
    }

    @Test(arguments: Backend.allCases) func eachDeviceKeepsWhereItsMACCameFrom(_ backend: Backend) throws {
        guard let store = try backend.freshStore() else { return }
        try record(store, [
            sighting(key: "passive:c0:56:e3:aa:bb:cc", mac: "c0:56:e3:aa:bb:cc", macSource: .frame, address: "10.77.0.64", [(ObservationField.httpServer, "Hikvision-Webs")]),
            sighting(key: "passive:203.0.113.108", mac: "4c:11:bf:12:34:56", macSource: .payload, address: "203.0.113.108", [(ObservationField.dhipDeviceType, "IPC-HDW5421S")]),
            sighting(key: "passive:203.0.113.7", mac: nil, macSource: MACSource.none, address: "203.0.113.7", [(ObservationField.httpServer, "Hikvision-Webs")]),
        ])
        let rows = Dictionary(uniqueKeysWithValues: try store.inventory().map { ($0.addresses.first ?? "", $0) })
        #expect(rows["10.77.0.64"]?.macSource == "frame")
        #expect(rows["203.0.113.108"]?.macSource == "payload" && rows["203.0.113.108"]?.mac == "4c:11:bf:12:34:56")
        #expect(rows["203.0.113.7"]?.macSource == "none" && rows["203.0.113.7"]?.mac == nil)

        // Seen again behind the router without a MAC: the camera keeps the MAC it had and its source.
        try record(store, [sighting(key: "passive:10.77.0.64", mac: nil, macSource: MACSource.none, address: "10.77.0.64", [(ObservationField.httpServer, "Hikvision-Webs")])])
        // The silent device states its MAC later: it is now known, from a payload.
        try record(store, [sighting(key: "passive:203.0.113.7", mac: "c0:56:e3:00:00:07", macSource: .payload, address: "203.0.113.7", [(ObservationField.httpServer, "Hikvision-Webs")])])
        let after = Dictionary(uniqueKeysWithValues: try store.inventory().map { ($0.addresses.first ?? "", $0) })
        #expect(after.count == 3)
        #expect(after["10.77.0.64"]?.macSource == "frame" && after["10.77.0.64"]?.mac == "c0:56:e3:aa:bb:cc")
        #expect(after["203.0.113.7"]?.macSource == "payload" && after["203.0.113.7"]?.mac == "c0:56:e3:00:00:07")
    }

    @Test func aSightingWithoutFramesStatesItsMACSource() {
        let stated = sighting(key: "recorded:1", mac: "4c:11:bf:12:34:56", macSource: nil, address: "10.77.0.9", [])
        let unknown = sighting(key: "recorded:2", mac: nil, macSource: nil, address: "10.77.0.9", [])
        #expect(stated.macSource == .payload)
        #expect(unknown.macSource == MACSource.none)
    }

    /// A database from before v3 gains the column; its devices' source stays unknown (NULL).
    @Test func aVersionTwoDatabaseIsMigrated() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-v2-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: "v2-scan-owner")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO device (anchor_kind, anchor, mac, last_address, first_seen, last_seen) VALUES ('mac', 'c0:56:e3:aa:bb:cc', 'c0:56:e3:aa:bb:cc', '10.77.0.64', '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000')")
                try db.execute(sql: "INSERT INTO conclusion (device_id, computed_at, table_version, policy_version, verdict, confidence, lists, summary, classification) VALUES (1, '2026-01-01 00:00:00.000', 't', 'p', 'covered', 0.9, '[]', '', '{}')")
            }
        }
        let store = try InventoryStore(path: path)
        let rows = try store.inventory()
        #expect(rows.count == 1)
        #expect(rows.first?.mac == "c0:56:e3:aa:bb:cc" && rows.first?.macSource == nil)
    }
}
