import CamAuditModel
import Foundation

extension InventoryStore {
    /// Starts a scan: its row says `running` until `finishScan`, so an interrupted scan is visible.
    public func beginScan(_ description: ScanDescription, at time: Date = Date()) throws -> Int64 {
        let scan = try database.write { db -> Int64 in
            let siteID = try description.site.map { try Self.siteID(named: $0, in: db) }
            guard let id = try db.insert("""
                INSERT INTO scan (kind, scope, site_id, started_at, status, settings, table_version, policy_version, owner, uid)
                VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?, ?)
                """,
                [description.kind.rawValue, description.scope, siteID, time, description.settings.serialized(),
                 description.tableVersion, description.policyVersion, owner.serialized, UUID().uuidString.lowercased()]) else {
                throw StoreError("the inventory did not create the scan")
            }
            try liveness.began(id, in: db)
            return id
        }
        return scan
    }

    /// Records devices of a scan in one transaction: evidence, the conclusion drawn from it,
    /// addresses over time, and the sighting the diff compares.
    public func record(_ sightings: [DeviceSighting], scan: Int64) throws {
        try database.write { db in
            let context = try ScanContext(scan: scan, in: db)
            var observations: [SQLArguments] = []
            var conclusions: [SQLArguments] = []
            // One sighting per device and scan, the last one kept (two sightings can anchor to
            // one device); a multi-row upsert may not touch a row twice.
            var sightingRows: [Int64: SQLArguments] = [:]
            var order: [Int64] = []
            let deviceIDs = try Self.upsertDevices(sightings.map(DeviceUpsert.init), siteID: context.siteID, in: db)
            for (sighting, deviceID) in zip(sightings, deviceIDs) {
                for observation in sighting.observations {
                    observations.append(Self.observationRow(observation, deviceID: deviceID, scan: scan, seenAt: sighting.lastSeen))
                }
                conclusions.append(Self.conclusionRow(sighting.classification, device: deviceID, scan: scan, context: context))
                if sightingRows.updateValue([scan, deviceID, sighting.addresses.first, sighting.classification.verdict.rawValue], forKey: deviceID) == nil {
                    order.append(deviceID)
                }
            }
            try db.insertRows(Self.observationInsert, rows: observations)
            try db.insertRows(Self.conclusionInsert, rows: conclusions)
            try db.insertRows("INSERT INTO sighting (scan_id, device_id, address, verdict)", rows: order.map { sightingRows[$0]! },
                              onConflict: "ON CONFLICT (scan_id, device_id) DO UPDATE SET address = excluded.address, verdict = excluded.verdict")
        }
    }

    /// Closes a scan with its counts.
    public func finishScan(_ scan: Int64, at time: Date = Date()) throws {
        try database.write { db in
            try db.execute("""
                UPDATE scan SET status = 'complete', ended_at = ?,
                    device_count = (SELECT COUNT(*) FROM sighting WHERE scan_id = ?),
                    covered_count = (SELECT COUNT(*) FROM sighting WHERE scan_id = ? AND verdict IN ('covered', 'likely-covered'))
                WHERE id = ?
                """, [time, scan, scan, scan])
        }
        try liveness.finished(scan)
    }

    /// Records what the district decided about a device.
    public func mark(device: Int64, status: String, note: String, by person: String, at time: Date = Date()) throws {
        try database.write { db in
            guard try db.row("SELECT id FROM device WHERE id = ?", [device]) != nil else {
                throw StoreError("no device \(device) in the inventory; see camaudit inventory list")
            }
            try db.execute("INSERT INTO remediation (device_id, status, note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)",
                           [device, status, note, person, time])
        }
    }

    /// The site and versions every row of a scan is written with.
    struct ScanContext {
        var siteID: Int64?
        var tableVersion: String
        var policyVersion: String

        init(siteID: Int64?, tableVersion: String, policyVersion: String) {
            self.siteID = siteID
            self.tableVersion = tableVersion
            self.policyVersion = policyVersion
        }

        init(scan: Int64, in db: any SQLConnection) throws {
            guard let row = try db.row("SELECT site_id, table_version, policy_version FROM scan WHERE id = ?", [scan]) else {
                throw StoreError("no scan \(scan) in the inventory")
            }
            siteID = row["site_id"]
            tableVersion = row["table_version"]
            policyVersion = row["policy_version"]
        }
    }

    static let conclusionInsert = """
        INSERT INTO conclusion (device_id, scan_id, computed_at, table_version, policy_version, maker, brand, model, firmware,
            device_type, verdict, confidence, lists, summary, classification)
        """

    static func conclusionRow(_ classification: Classification, device: Int64, scan: Int64?, context: ScanContext) -> SQLArguments {
        let identity = classification.identity
        return [device, scan, Date(), context.tableVersion, context.policyVersion, identity.maker, identity.brand, identity.model,
                identity.firmware, identity.deviceType?.rawValue, classification.verdict.rawValue, identity.confidence,
                JSONValue.array(classification.listIDs.map(JSONValue.string)).serialized(), classification.summary,
                JSONValue.object(classification.jsonMembers()).serialized()]
    }

    static let observationInsert = "INSERT INTO observation (device_id, scan_id, field, value, source_kind, protocol, port, reference, seen_at)"

    /// One observation of a scan, as evidence: kept apart from conclusions, never edited.
    static func observationRow(_ observation: Observation, deviceID: Int64, scan: Int64, seenAt fallback: Date) -> SQLArguments {
        [deviceID, scan, observation.field, observation.value, observation.source.kind.rawValue,
         observation.source.protocolName, observation.source.port, observation.source.reference, observation.source.time ?? fallback]
    }

    /// Finds the device by its strongest anchor (so a re-addressed camera stays one device) or
    /// creates it; keeps first/last seen and the addresses it has used.
    ///
    /// Writers at several sites may meet the same new device at once (a camera moved, a
    /// laptop-borne capture): the insert yields to the one that wins and uses its row.
    static func upsertDevice(_ device: DeviceUpsert, siteID: Int64?, in db: any SQLConnection) throws -> Int64 {
        let dialect = db.dialect
        var found = try findDevice(device, siteID: siteID, in: db)
        if found == nil {
            let anchor = device.anchors[0]
            if let created = try db.insert("""
                INSERT INTO device (anchor_kind, anchor, site_id, mac, mac_source, serial, last_address, first_seen, last_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (anchor_kind, anchor) DO NOTHING
                """, [anchor.kind, anchor.value, siteID, device.mac, device.macSource, device.serial, device.addresses.first,
                      device.firstSeen, device.lastSeen]) {
                try recordAddresses(device, deviceID: created, in: db)
                return created
            }
            // Another writer created it after our lookup; its committed row is visible now.
            found = try findDevice(device, siteID: siteID, in: db)
            guard found != nil else {
                throw StoreError("the inventory lost device \(anchor.kind) \(anchor.value) while recording it; run the command again")
            }
        }
        let deviceID = found!
        try db.execute("""
            UPDATE device SET last_seen = \(dialect.greatest)(last_seen, ?), first_seen = \(dialect.least)(first_seen, ?),
                mac_source = CASE WHEN ? IS NOT NULL THEN ? ELSE COALESCE(mac_source, ?) END,
                mac = COALESCE(?, mac), serial = COALESCE(?, serial), last_address = COALESCE(?, last_address),
                site_id = COALESCE(?, site_id)
            WHERE id = ?
            """, [device.lastSeen, device.firstSeen, device.mac, device.macSource, device.macSource, device.mac, device.serial,
                  device.addresses.first, siteID, deviceID])
        try recordAddresses(device, deviceID: deviceID, in: db)
        return deviceID
    }

    private static func findDevice(_ device: DeviceUpsert, siteID: Int64?, in db: any SQLConnection) throws -> Int64? {
        for anchor in device.anchors {
            if let id = try db.value("SELECT id FROM device WHERE anchor_kind = ? AND anchor = ?", [anchor.kind, anchor.value], as: Int64.self) {
                return id
            }
        }
        guard let address = device.addresses.first else { return nil }
        // A device that told its serial in one scan and not in the next (a lost discovery
        // answer) is still the device last seen at this address, unless its MAC or serial
        // says otherwise.
        return try db.value("""
            SELECT id FROM device WHERE last_address = ? AND site_id \(db.dialect.nullSafeEquals) ?
              AND (mac IS NULL OR ? IS NULL OR mac = ?) AND (serial IS NULL OR ? IS NULL OR serial = ?)
            ORDER BY last_seen DESC LIMIT 1
            """, [address, siteID, device.mac, device.mac, device.serial, device.serial], as: Int64.self)
    }

    private static func recordAddresses(_ device: DeviceUpsert, deviceID: Int64, in db: any SQLConnection) throws {
        for address in device.addresses {
            try db.execute("""
                INSERT INTO device_address (device_id, address, first_seen, last_seen) VALUES (?, ?, ?, ?)
                ON CONFLICT (device_id, address) DO UPDATE SET last_seen = \(db.dialect.greatest)(device_address.last_seen, excluded.last_seen)
                """, [deviceID, address, device.firstSeen, device.lastSeen])
        }
    }

    static func siteID(named name: String, in db: any SQLConnection) throws -> Int64 {
        if let id = try db.value("SELECT id FROM site WHERE name = ?", [name], as: Int64.self) { return id }
        if let id = try db.insert("INSERT INTO site (name) VALUES (?) ON CONFLICT (name) DO NOTHING", [name]) { return id }
        guard let id = try db.value("SELECT id FROM site WHERE name = ?", [name], as: Int64.self) else {
            throw StoreError("the inventory could not create site '\(name)'")
        }
        return id
    }
}

public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
