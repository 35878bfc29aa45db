import CamAuditModel
import Foundation

extension InventoryStore {
    /// Records imported devices (`camaudit import`) and concludes on everything the inventory
    /// knows about each one, not only on the imported row.
    ///
    /// A lease or a switch port says little (a MAC, a name); the same device may already carry
    /// a scan's or a capture's evidence, and an import streams its file in batches, so one MAC
    /// can arrive in several batches of one scan. Each device's conclusion is therefore drawn
    /// from all its stored observations, and a conclusion an earlier batch of the same scan
    /// drew is replaced. Returns the ids of the devices recorded.
    @discardableResult
    public func recordMerging(_ sightings: [DeviceSighting], scan: Int64, classify: ([Observation]) -> Classification) throws -> [Int64] {
        try database.write { db in
            let context = try ScanContext(scan: scan, in: db)
            var devices: [Int64] = []
            for sighting in sightings {
                let deviceID = try Self.upsertDevice(DeviceUpsert(sighting), siteID: context.siteID, in: db)
                try db.insertRows(Self.observationInsert, rows: sighting.observations.map {
                    Self.observationRow($0, deviceID: deviceID, scan: scan, seenAt: sighting.lastSeen)
                })
                let classification = classify(Self.distinctFacts(try Self.storedObservations(of: deviceID, in: db)))
                try db.execute("DELETE FROM conclusion WHERE device_id = ? AND scan_id = ?", [deviceID, scan])
                try db.insertRows(Self.conclusionInsert, rows: [Self.conclusionRow(classification, device: deviceID, scan: scan, context: context)])
                // Keep the address an earlier batch of this scan saw when this one has none.
                try db.execute("""
                    INSERT INTO sighting (scan_id, device_id, address, verdict) VALUES (?, ?, ?, ?)
                    ON CONFLICT (scan_id, device_id) DO UPDATE SET address = COALESCE(excluded.address, sighting.address), verdict = excluded.verdict
                    """, [scan, deviceID, sighting.addresses.first, classification.verdict.rawValue])
                devices.append(deviceID)
            }
            return devices
        }
    }

    /// One observation per field and value, the latest kept (its source is what the report
    /// cites: the switch port of the newest table): the same MAC read by the scanner's ARP, a
    /// capture and a lease file is one fact, not three independent signals (the policy counts
    /// protocols to decide whether shared-stack evidence is enough).
    static func distinctFacts(_ observations: [Observation]) -> [Observation] {
        var seen: Set<String> = []
        return observations.reversed().filter { seen.insert($0.field + "\u{1F}" + $0.value).inserted }.reversed()
    }

    static func storedObservations(of device: Int64, in db: any SQLConnection) throws -> [Observation] {
        try db.rows("""
            SELECT field, value, source_kind, protocol, port, reference, seen_at FROM observation WHERE device_id = ? ORDER BY id
            """, [device]).map(Self.observation)
    }

    static func observation(_ row: SQLRow) -> Observation {
        Observation(field: row["field"], value: row["value"], source: EvidenceSource(
            kind: EvidenceSource.Kind(rawValue: row["source_kind"]) ?? .recorded, protocolName: row["protocol"],
            port: row["port"], reference: row["reference"], time: row["seen_at"]))
    }
}

extension InventoryStore {
    /// Which of these MACs already anchor a device: an import keeps its rows for those even
    /// when the row alone names no maker, so a scanned camera gains its switch port.
    public func knownMACs(_ macs: [String]) throws -> Set<String> {
        try database.read { db in
            Set(try db.rows(in: "SELECT anchor FROM device WHERE anchor_kind = 'mac' AND anchor IN (?…)", values: macs).map { $0["anchor"] as String })
        }
    }
}

extension InventoryStore {
    /// Values of one field a scan recorded for a device, in the order recorded.
    public func observations(of device: Int64, scan: Int64, field: String) throws -> [String] {
        try database.read { db in
            try db.values("SELECT value FROM observation WHERE device_id = ? AND scan_id = ? AND field = ? ORDER BY id", [device, scan, field], as: String.self)
        }
    }
}

extension InventoryStore {
    /// The devices a scan saw, one at a time from a cursor (an import of a 100,000-row table
    /// with `--all` lists them without holding them), with the first value of `placeField` the
    /// scan recorded for each. Covered first, as `inventory` orders them.
    public func forEachDevice(inScan scan: Int64, placeField: String, _ body: (InventoryRow, String?) throws -> Void) throws {
        try database.read { db in
            try db.forEachRow("""
                SELECT \(Self.inventoryRowColumns(db.dialect)),
                       (SELECT o.value FROM observation o WHERE o.device_id = d.id AND o.scan_id = g.scan_id AND o.field = ? ORDER BY o.id LIMIT 1) AS place
                FROM sighting g
                JOIN device d ON d.id = g.device_id
                LEFT JOIN site s ON s.id = d.site_id
                JOIN conclusion c ON c.id = (SELECT MAX(id) FROM conclusion WHERE device_id = d.id)
                WHERE g.scan_id = ?
                ORDER BY \(Self.verdictOrder), d.id
                """, [placeField, scan]) { row in
                try body(Self.inventoryRow(row), row["place"])
            }
        }
    }
}
