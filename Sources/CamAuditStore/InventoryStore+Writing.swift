import CamAuditModel
import Foundation
import GRDB

extension InventoryStore {
    /// Starts a scan: its row says `running` until `finishScan`, so an interrupted scan is visible.
    public func beginScan(_ description: ScanDescription, at time: Date = Date()) throws -> Int64 {
        try database.write { db in
            let siteID = try description.site.map { try Self.siteID(named: $0, in: db) }
            try db.execute(
                sql: """
                INSERT INTO scan (kind, scope, site_id, started_at, status, settings, table_version, policy_version, owner)
                VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?)
                """,
                arguments: [description.kind.rawValue, description.scope, siteID, time, description.settings.serialized(),
                            description.tableVersion, description.policyVersion, owner.serialized])
            return db.lastInsertedRowID
        }
    }

    /// Records devices of a scan in one transaction: evidence, the conclusion drawn from it,
    /// addresses over time, and the sighting the diff compares.
    public func record(_ sightings: [DeviceSighting], scan: Int64) throws {
        try database.write { db in
            let siteID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT site_id FROM scan WHERE id = ?"), arguments: [scan])
            let versions = try Row.fetchOne(db, sql: "SELECT table_version, policy_version FROM scan WHERE id = ?", arguments: [scan])
            let tableVersion: String = versions?["table_version"] ?? ""
            let policyVersion: String = versions?["policy_version"] ?? ""
            for sighting in sightings {
                let deviceID = try Self.upsertDevice(sighting, siteID: siteID, in: db)
                for observation in sighting.observations {
                    try Self.insertObservation(observation, deviceID: deviceID, scan: scan, seenAt: sighting.lastSeen, in: db)
                }
                try Self.insertConclusion(sighting.classification, device: deviceID, scan: scan, tableVersion: tableVersion, policyVersion: policyVersion, in: db)
                try db.cachedStatement(sql: "INSERT OR REPLACE INTO sighting (scan_id, device_id, address, verdict) VALUES (?, ?, ?, ?)").execute(arguments: [scan, deviceID, sighting.addresses.first, sighting.classification.verdict.rawValue])
            }
        }
    }

    /// Closes a scan with its counts.
    public func finishScan(_ scan: Int64, at time: Date = Date()) throws {
        try database.write { db in
            try db.execute(
                sql: """
                UPDATE scan SET status = 'complete', ended_at = ?,
                    device_count = (SELECT COUNT(*) FROM sighting WHERE scan_id = ?),
                    covered_count = (SELECT COUNT(*) FROM sighting WHERE scan_id = ? AND verdict IN ('covered', 'likely-covered'))
                WHERE id = ?
                """,
                arguments: [time, scan, scan, scan])
        }
    }

    /// Records what the district decided about a device.
    public func mark(device: Int64, status: String, note: String, by person: String, at time: Date = Date()) throws {
        try database.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM device WHERE id = ?)", arguments: [device]) == true else {
                throw StoreError("no device \(device) in the inventory; see camaudit inventory list")
            }
            try db.execute(
                sql: "INSERT INTO remediation (device_id, status, note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [device, status, note, person, time])
        }
    }

    static func insertConclusion(_ classification: Classification, device: Int64, scan: Int64?, tableVersion: String, policyVersion: String, in db: Database) throws {
        let identity = classification.identity
        try db.cachedStatement(sql: """
            INSERT INTO conclusion (device_id, scan_id, computed_at, table_version, policy_version, maker, brand, model, firmware,
                device_type, verdict, confidence, lists, summary, classification)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [device, scan, Date(), tableVersion, policyVersion, identity.maker, identity.brand, identity.model,
                        identity.firmware, identity.deviceType?.rawValue, classification.verdict.rawValue, identity.confidence,
                        JSONValue.array(classification.listIDs.map(JSONValue.string)).serialized(), classification.summary,
                        JSONValue.object(classification.jsonMembers()).serialized()])
    }

    /// Finds the device by its strongest anchor (so a re-addressed camera stays one device) or
    /// creates it; keeps first/last seen and the addresses it has used.
    /// One observation of a scan, as evidence: kept apart from conclusions, never edited.
    static func insertObservation(_ observation: Observation, deviceID: Int64, scan: Int64, seenAt fallback: Date, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO observation (device_id, scan_id, field, value, source_kind, protocol, port, reference, seen_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [deviceID, scan, observation.field, observation.value, observation.source.kind.rawValue,
                        observation.source.protocolName, observation.source.port, observation.source.reference,
                        observation.source.time ?? fallback])
    }

    static func upsertDevice(_ sighting: DeviceSighting, siteID: Int64?, in db: Database) throws -> Int64 {
        var deviceID: Int64?
        for anchor in sighting.anchors {
            deviceID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM device WHERE anchor_kind = ? AND anchor = ?"), arguments: [anchor.kind, anchor.value])
            if deviceID != nil { break }
        }
        let identity = sighting.classification.identity
        let mac = sighting.mac ?? identity.mac
        // A sighting's MAC replaces the stored one (and its source); a sighting without one
        // keeps what an earlier scan learnt.
        let macSource = mac == nil ? MACSource.none.rawValue : sighting.macSource == .none ? MACSource.payload.rawValue : sighting.macSource.rawValue
        if deviceID == nil, let address = sighting.addresses.first {
            // A device that told its serial in one scan and not in the next (a lost discovery
            // answer) is still the device last seen at this address, unless its MAC or serial
            // says otherwise.
            deviceID = try Int64.fetchOne(db.cachedStatement(sql: """
                SELECT id FROM device WHERE last_address = ? AND site_id IS ?
                  AND (mac IS NULL OR ? IS NULL OR mac = ?) AND (serial IS NULL OR ? IS NULL OR serial = ?)
                ORDER BY last_seen DESC LIMIT 1
                """), arguments: [address, siteID, mac, mac, identity.serial, identity.serial])
        }
        if let deviceID {
            try db.cachedStatement(sql: """
                UPDATE device SET last_seen = MAX(last_seen, ?), first_seen = MIN(first_seen, ?),
                    mac_source = CASE WHEN ? IS NOT NULL THEN ? ELSE COALESCE(mac_source, ?) END,
                    mac = COALESCE(?, mac), serial = COALESCE(?, serial), last_address = COALESCE(?, last_address),
                    site_id = COALESCE(?, site_id)
                WHERE id = ?
                """).execute(arguments: [sighting.lastSeen, sighting.firstSeen, mac, macSource, macSource, mac, identity.serial, sighting.addresses.first, siteID, deviceID])
        } else {
            let anchor = sighting.anchors[0]
            try db.cachedStatement(sql: """
                INSERT INTO device (anchor_kind, anchor, site_id, mac, mac_source, serial, last_address, first_seen, last_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [anchor.kind, anchor.value, siteID, mac, macSource, identity.serial, sighting.addresses.first, sighting.firstSeen, sighting.lastSeen])
            deviceID = db.lastInsertedRowID
        }
        for address in sighting.addresses {
            try db.cachedStatement(sql: """
                INSERT INTO device_address (device_id, address, first_seen, last_seen) VALUES (?, ?, ?, ?)
                ON CONFLICT (device_id, address) DO UPDATE SET last_seen = MAX(last_seen, excluded.last_seen)
                """).execute(arguments: [deviceID, address, sighting.firstSeen, sighting.lastSeen])
        }
        return deviceID!
    }

    static func siteID(named name: String, in db: Database) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM site WHERE name = ?", arguments: [name]) { return id }
        try db.execute(sql: "INSERT INTO site (name) VALUES (?)", arguments: [name])
        return db.lastInsertedRowID
    }
}

public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
