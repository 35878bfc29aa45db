import CamAuditModel
import Foundation
import GRDB

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
            let siteID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT site_id FROM scan WHERE id = ?"), arguments: [scan])
            let versions = try Row.fetchOne(db, sql: "SELECT table_version, policy_version FROM scan WHERE id = ?", arguments: [scan])
            let tableVersion: String = versions?["table_version"] ?? ""
            let policyVersion: String = versions?["policy_version"] ?? ""
            var devices: [Int64] = []
            for sighting in sightings {
                let deviceID = try Self.upsertDevice(sighting, siteID: siteID, in: db)
                for observation in sighting.observations {
                    try Self.insertObservation(observation, deviceID: deviceID, scan: scan, seenAt: sighting.lastSeen, in: db)
                }
                let classification = classify(Self.distinctFacts(try Self.storedObservations(of: deviceID, in: db)))
                try db.cachedStatement(sql: "DELETE FROM conclusion WHERE device_id = ? AND scan_id = ?").execute(arguments: [deviceID, scan])
                try Self.insertConclusion(classification, device: deviceID, scan: scan, tableVersion: tableVersion, policyVersion: policyVersion, in: db)
                // Keep the address an earlier batch of this scan saw when this one has none.
                try db.cachedStatement(sql: """
                    INSERT INTO sighting (scan_id, device_id, address, verdict) VALUES (?, ?, ?, ?)
                    ON CONFLICT (scan_id, device_id) DO UPDATE SET address = COALESCE(excluded.address, address), verdict = excluded.verdict
                    """).execute(arguments: [scan, deviceID, sighting.addresses.first, classification.verdict.rawValue])
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

    static func storedObservations(of device: Int64, in db: Database) throws -> [Observation] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT field, value, source_kind, protocol, port, reference, seen_at FROM observation WHERE device_id = ? ORDER BY id
            """), arguments: [device]).map { row in
            Observation(field: row["field"], value: row["value"], source: EvidenceSource(
                kind: EvidenceSource.Kind(rawValue: row["source_kind"]) ?? .recorded, protocolName: row["protocol"],
                port: row["port"], reference: row["reference"], time: row["seen_at"]))
        }
    }
}

extension InventoryStore {
    /// Which of these MACs already anchor a device: an import keeps its rows for those even
    /// when the row alone names no maker, so a scanned camera gains its switch port.
    public func knownMACs(_ macs: [String]) throws -> Set<String> {
        try database.read { db in
            var known: Set<String> = []
            // A few hundred at a time: one query per chunk, not one per MAC, and well under
            // SQLite's limit on bound parameters.
            var start = 0
            while start < macs.count {
                let chunk = Array(macs[start..<min(start + 500, macs.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                known.formUnion(try String.fetchAll(db, sql: "SELECT anchor FROM device WHERE anchor_kind = 'mac' AND anchor IN (\(marks))",
                                                    arguments: StatementArguments(chunk)))
                start += chunk.count
            }
            return known
        }
    }
}

extension InventoryStore {
    /// Values of one field a scan recorded for a device, in the order recorded.
    public func observations(of device: Int64, scan: Int64, field: String) throws -> [String] {
        try database.read { db in
            try String.fetchAll(db, sql: "SELECT value FROM observation WHERE device_id = ? AND scan_id = ? AND field = ? ORDER BY id", arguments: [device, scan, field])
        }
    }
}

extension InventoryStore {
    /// The devices a scan saw, one at a time from a cursor (an import of a 100,000-row table
    /// with `--all` lists them without holding them), with the first value of `placeField` the
    /// scan recorded for each. Covered first, as `inventory` orders them.
    public func forEachDevice(inScan scan: Int64, placeField: String, _ body: (InventoryRow, String?) throws -> Void) throws {
        try database.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT \(Self.inventoryRowColumns),
                       (SELECT o.value FROM observation o WHERE o.device_id = d.id AND o.scan_id = g.scan_id AND o.field = ? ORDER BY o.id LIMIT 1) AS place
                FROM sighting g
                JOIN device d ON d.id = g.device_id
                LEFT JOIN site s ON s.id = d.site_id
                JOIN conclusion c ON c.id = (SELECT MAX(id) FROM conclusion WHERE device_id = d.id)
                WHERE g.scan_id = ?
                ORDER BY CASE c.verdict WHEN 'covered' THEN 0 WHEN 'likely-covered' THEN 1 WHEN 'unknown' THEN 2 ELSE 3 END, d.id
                """, arguments: [placeField, scan])
            while let row = try rows.next() {
                let device = InventoryRow(
                    deviceID: row["id"], site: row["site"], mac: row["mac"], macSource: row["mac_source"], serial: row["serial"],
                    addresses: ((row["addresses"] as String?) ?? "").split(separator: " ").map(String.init),
                    firstSeen: row["first_seen"], lastSeen: row["last_seen"], maker: row["maker"], brand: row["brand"],
                    model: row["model"], firmware: row["firmware"], deviceType: row["device_type"], verdict: row["verdict"],
                    confidence: row["confidence"], lists: Self.decodeList(row["lists"]), summary: row["summary"],
                    tableVersion: row["table_version"], remediation: row["remediation"], remediationNote: row["remediation_note"])
                try body(device, row["place"])
            }
        }
    }
}
