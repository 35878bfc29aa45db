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
            let devices = try Self.upsertDevices(sightings.map(DeviceUpsert.init), siteID: context.siteID, in: db)
            try db.insertRows(Self.observationInsert, rows: zip(sightings, devices).flatMap { sighting, deviceID in
                sighting.observations.map { Self.observationRow($0, deviceID: deviceID, scan: scan, seenAt: sighting.lastSeen) }
            })
            // Each device once (two rows of a batch can be one device), with the address its
            // last row gave, else an earlier one's, else what an earlier batch saw.
            var order: [Int64] = []
            var addresses: [Int64: String?] = [:]
            for (sighting, deviceID) in zip(sightings, devices) {
                if addresses[deviceID] == nil { order.append(deviceID) }
                if let address = sighting.addresses.first { addresses[deviceID] = address } else if addresses[deviceID] == nil { addresses[deviceID] = .some(nil) }
            }
            let stored = try Self.storedObservations(of: order, in: db)
            var conclusions: [SQLArguments] = []
            var sightingRows: [SQLArguments] = []
            for deviceID in order {
                let classification = classify(Self.distinctFacts(stored[deviceID] ?? []))
                conclusions.append(Self.conclusionRow(classification, device: deviceID, scan: scan, context: context))
                sightingRows.append([scan, deviceID, addresses[deviceID] ?? nil, classification.verdict.rawValue])
            }
            try db.execute(in: "DELETE FROM conclusion WHERE scan_id = ? AND device_id IN (?…)", leading: [scan], values: order)
            try db.insertRows(Self.conclusionInsert, rows: conclusions)
            try db.insertRows("INSERT INTO sighting (scan_id, device_id, address, verdict)", rows: sightingRows,
                              onConflict: "ON CONFLICT (scan_id, device_id) DO UPDATE SET address = COALESCE(excluded.address, sighting.address), verdict = excluded.verdict")
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

    /// Several devices' evidence in one query per few hundred devices, each in recorded order.
    static func storedObservations(of devices: [Int64], in db: any SQLConnection) throws -> [Int64: [Observation]] {
        var byDevice: [Int64: [Observation]] = [:]
        for row in try db.rows(in: """
            SELECT device_id, field, value, source_kind, protocol, port, reference, seen_at FROM observation WHERE device_id IN (?…) ORDER BY id
            """, values: devices) {
            byDevice[row["device_id"], default: []].append(Self.observation(row))
        }
        return byDevice
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
