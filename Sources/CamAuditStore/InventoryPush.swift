import CamAuditModel
import Foundation

/// What `inventory push` did.
public struct PushSummary: Sendable, Equatable {
    public var scansSent = 0
    /// Scans the destination already had (an earlier push, or the same push run twice).
    public var scansAlreadyThere = 0
    /// Scans still being written locally; they go with the next push after they finish.
    public var scansStillRunning = 0
    public var devices = 0
    public var observations = 0
}

extension InventoryStore {
    /// Copies every finished scan of this inventory (a school's local SQLite file) that
    /// `destination` (the district's PostgreSQL) does not have yet: the scan with its uid, and
    /// for each device it saw the device's anchors, evidence, conclusion and sighting. Devices
    /// are matched by MAC, serial or address as a scan's are, so a camera already known
    /// from another school stays one device. One transaction per scan; a scan is identified
    /// by its uid, so running this twice, or from two machines at once, copies it once.
    @discardableResult
    public func push(into destination: InventoryStore, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> PushSummary {
        var summary = PushSummary()
        let scans = try database.read { db in
            try db.rows("SELECT scan.*, site.name AS site FROM scan LEFT JOIN site ON site.id = scan.site_id ORDER BY scan.id")
        }
        let present = try destination.knownScanUIDs(scans.compactMap { $0["uid"] as String? })
        for (index, scan) in scans.enumerated() {
            defer { progress(index + 1, scans.count) }
            guard (scan["status"] as String) != "running" else {
                summary.scansStillRunning += 1
                continue
            }
            if let uid = scan["uid"] as String?, present.contains(uid) {
                summary.scansAlreadyThere += 1
                continue
            }
            let payload = try database.read { db in try PushedScan(scan: scan, in: db) }
            let sent = try destination.database.write { db in try payload.write(into: db) }
            if sent {
                summary.scansSent += 1
                summary.devices += payload.devices.count
                summary.observations += payload.observations.count
            } else {
                summary.scansAlreadyThere += 1
            }
        }
        return summary
    }
}

extension InventoryStore {
    /// Which of these scan uids this inventory has: a push skips them without reading them.
    func knownScanUIDs(_ uids: [String]) throws -> Set<String> {
        try database.read { db in
            Set(try db.rows(in: "SELECT uid FROM scan WHERE uid IN (?…)", values: uids).map { $0["uid"] as String })
        }
    }
}

/// One scan and what it recorded, read from the source inventory.
struct PushedScan {
    struct Device {
        var upsert: DeviceUpsert
        var localID: Int64
    }

    var scan: SQLRow
    var uid: String
    var devices: [Device] = []
    var observations: [SQLRow] = []
    var conclusions: [SQLRow] = []
    var sightings: [SQLRow] = []

    init(scan: SQLRow, in db: any SQLConnection) throws {
        self.scan = scan
        let id: Int64 = scan["id"]
        guard let uid = scan["uid"] as String? else { throw StoreError("scan \(id) has no uid; open the inventory with this camaudit once to migrate it") }
        self.uid = uid
        observations = try db.rows("SELECT * FROM observation WHERE scan_id = ? ORDER BY id", [id])
        conclusions = try db.rows("SELECT * FROM conclusion WHERE scan_id = ? ORDER BY id", [id])
        sightings = try db.rows("SELECT * FROM sighting WHERE scan_id = ?", [id])
        let rows = try db.rows("""
            SELECT * FROM device WHERE id IN (SELECT device_id FROM sighting WHERE scan_id = ?
                UNION SELECT device_id FROM observation WHERE scan_id = ? UNION SELECT device_id FROM conclusion WHERE scan_id = ?)
            ORDER BY id
            """, [id, id, id])
        for row in rows {
            let deviceID: Int64 = row["id"]
            let addresses = try db.values("SELECT address FROM device_address WHERE device_id = ? ORDER BY last_seen DESC", [deviceID], as: String.self)
            devices.append(Device(upsert: Self.upsert(row, addresses: addresses), localID: deviceID))
        }
    }

    /// The same anchors a sighting of this device would give, strongest first.
    static func upsert(_ row: SQLRow, addresses: [String]) -> DeviceUpsert {
        let mac: String? = row["mac"]
        let serial: String? = row["serial"]
        var anchors: [(kind: String, value: String)] = []
        if let mac = mac?.lowercased(), DeviceSighting.isUniversal(mac) { anchors.append(("mac", mac)) }
        if let serial, DeviceSighting.isAnchorSerial(serial) { anchors.append(("serial", serial)) }
        let own = (kind: row["anchor_kind"] as String, value: row["anchor"] as String)
        if !anchors.contains(where: { $0.kind == own.kind && $0.value == own.value }) { anchors.append(own) }
        let last: String? = row["last_address"]
        let ordered = (last.map { [$0] } ?? []) + addresses.filter { $0 != last }
        return DeviceUpsert(anchors: anchors, mac: mac, macSource: (row["mac_source"] as String?) ?? MACSource.none.rawValue, serial: serial,
                            addresses: ordered, firstSeen: row["first_seen"], lastSeen: row["last_seen"])
    }

    /// Writes the scan unless the destination has its uid; false when it had.
    func write(into db: any SQLConnection) throws -> Bool {
        let site: String? = scan["site"]
        let siteID = try site.map { try InventoryStore.siteID(named: $0, in: db) }
        guard let scanID = try db.insert("""
            INSERT INTO scan (kind, scope, site_id, started_at, ended_at, status, settings, table_version, policy_version,
                              device_count, covered_count, owner, uid)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING
            """, [scan["kind"] as String, scan["scope"] as String, siteID, scan["started_at"] as Date, scan["ended_at"] as Date?,
                  scan["status"] as String, scan["settings"] as String, scan["table_version"] as String, scan["policy_version"] as String,
                  scan["device_count"] as Int64, scan["covered_count"] as Int64, scan["owner"] as String?, uid]) else { return false }
        var remote: [Int64: Int64] = [:]
        for device in devices {
            remote[device.localID] = try InventoryStore.upsertDevice(device.upsert, siteID: siteID, in: db)
        }
        try db.insertRows(InventoryStore.observationInsert, rows: observations.map { row in
            [remote[row["device_id"] as Int64], scanID, row["field"] as String, row["value"] as String, row["source_kind"] as String,
             row["protocol"] as String?, row["port"] as Int64?, row["reference"] as String?, row["seen_at"] as Date?]
        })
        try db.insertRows(InventoryStore.conclusionInsert, rows: conclusions.map { row in
            [remote[row["device_id"] as Int64], scanID, row["computed_at"] as Date, row["table_version"] as String, row["policy_version"] as String,
             row["maker"] as String?, row["brand"] as String?, row["model"] as String?, row["firmware"] as String?, row["device_type"] as String?,
             row["verdict"] as String, row["confidence"] as Double, row["lists"] as String, row["summary"] as String, row["classification"] as String]
        })
        try db.insertRows("INSERT INTO sighting (scan_id, device_id, address, verdict)", rows: sightings.map { row in
            [scanID, remote[row["device_id"] as Int64], row["address"] as String?, row["verdict"] as String]
        }, onConflict: "ON CONFLICT (scan_id, device_id) DO NOTHING")
        return true
    }
}
