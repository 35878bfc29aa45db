import CamAuditModel
import Foundation

extension InventoryStore {
    /// The columns an `InventoryRow` is read from (device `d`, site `s`, conclusion `c`): one
    /// list for every query that lists devices.
    static func inventoryRowColumns(_ dialect: SQLDialect) -> String {
        """
        d.id, d.mac, d.mac_source, d.serial, d.first_seen, d.last_seen, s.name AS site,
        c.maker, c.brand, c.model, c.firmware, c.device_type, c.verdict, c.confidence, c.lists, c.summary, c.table_version,
        (SELECT r.status FROM remediation r WHERE r.device_id = d.id ORDER BY r.id DESC LIMIT 1) AS remediation,
        (SELECT r.note FROM remediation r WHERE r.device_id = d.id ORDER BY r.id DESC LIMIT 1) AS remediation_note,
        \(dialect.addressList(of: "d.id")) AS addresses
        """
    }

    /// Covered first, then likely, unknown, the rest; devices without a site first.
    static let verdictOrder = "CASE c.verdict WHEN 'covered' THEN 0 WHEN 'likely-covered' THEN 1 WHEN 'unknown' THEN 2 ELSE 3 END"

    static func inventoryRow(_ row: SQLRow) -> InventoryRow {
        InventoryRow(
            deviceID: row["id"], site: row["site"], mac: row["mac"], macSource: row["mac_source"], serial: row["serial"],
            addresses: ((row["addresses"] as String?) ?? "").split(separator: " ").map(String.init),
            firstSeen: row["first_seen"], lastSeen: row["last_seen"], maker: row["maker"], brand: row["brand"],
            model: row["model"], firmware: row["firmware"], deviceType: row["device_type"], verdict: row["verdict"],
            confidence: row["confidence"], lists: Self.decodeList(row["lists"]), summary: row["summary"],
            tableVersion: row["table_version"], remediation: row["remediation"], remediationNote: row["remediation_note"])
    }

    /// Every device with its latest conclusion, covered first.
    public func inventory(site: String? = nil) throws -> [InventoryRow] {
        try database.read { db in
            try db.rows("""
                SELECT \(Self.inventoryRowColumns(db.dialect))
                FROM device d
                LEFT JOIN site s ON s.id = d.site_id
                JOIN conclusion c ON c.id = (SELECT MAX(id) FROM conclusion WHERE device_id = d.id)
                WHERE (? IS NULL OR s.name = ?)
                ORDER BY \(Self.verdictOrder), s.name NULLS FIRST, d.id
                """, [site, site]).map(Self.inventoryRow)
        }
    }

    /// Completed scans, newest last.
    public func scans() throws -> [ScanSummary] {
        try database.read { db in
            try db.rows("SELECT id, kind, scope, started_at, status, device_count, covered_count FROM scan ORDER BY id").map { row in
                (row["id"], row["kind"], row["scope"], row["started_at"], row["status"], row["device_count"], row["covered_count"])
            }
        }
    }

    /// Devices new, gone, moved (other address) and re-classified between two scans. By default
    /// `to` is the last complete scan and `from` the complete scan before it of the same site and
    /// kind: scans of two different schools, or a capture and a scan, are not a trend.
    public func diff(from: Int64? = nil, to: Int64? = nil) throws -> InventoryDiff {
        try database.read { db in
            let complete = try db.values("SELECT id FROM scan WHERE status = 'complete' ORDER BY id", as: Int64.self)
            guard let toScan = to ?? complete.last else {
                throw StoreError("need two complete scans to compare; the inventory has \(complete.count)")
            }
            guard let fromScan = try from ?? Self.previousComparableScan(before: toScan, in: db) else {
                throw StoreError("scan \(toScan) is the first complete scan of its site and kind; give two scan ids (camaudit inventory scans lists them)")
            }
            func sightings(_ scan: Int64) throws -> [Int64: (address: String?, verdict: String)] {
                var out: [Int64: (String?, String)] = [:]
                for row in try db.rows("SELECT device_id, address, verdict FROM sighting WHERE scan_id = ?", [scan]) {
                    out[row["device_id"]] = (row["address"], row["verdict"])
                }
                return out
            }
            let before = try sightings(fromScan)
            let after = try sightings(toScan)
            var diff = InventoryDiff(fromScan: fromScan, toScan: toScan, new: [], gone: [], moved: [], reclassified: [])
            for (device, now) in after {
                guard let was = before[device] else {
                    diff.new.append(.init(deviceID: device, before: nil, after: now.address, verdict: now.verdict))
                    continue
                }
                if was.address != now.address {
                    diff.moved.append(.init(deviceID: device, before: was.address, after: now.address, verdict: now.verdict))
                }
                if was.verdict != now.verdict {
                    diff.reclassified.append(.init(deviceID: device, before: was.verdict, after: now.verdict, verdict: now.verdict))
                }
            }
            for (device, was) in before where after[device] == nil {
                diff.gone.append(.init(deviceID: device, before: was.address, after: nil, verdict: was.verdict))
            }
            let order = { (lhs: InventoryDiff.Change, rhs: InventoryDiff.Change) in
                Self.rank(lhs.verdict) != Self.rank(rhs.verdict) ? Self.rank(lhs.verdict) < Self.rank(rhs.verdict) : lhs.deviceID < rhs.deviceID
            }
            diff.new.sort(by: order)
            diff.gone.sort(by: order)
            diff.moved.sort(by: order)
            diff.reclassified.sort(by: order)
            return diff
        }
    }

    /// For each site, how its latest complete scan differs from the one before it of the same
    /// kind: the trend a district report shows, school by school.
    public func latestChangesBySite() throws -> [(site: String?, diff: InventoryDiff)] {
        let latest = try database.read { db in
            try db.rows("""
                SELECT MAX(scan.id) AS id, site.name AS site FROM scan LEFT JOIN site ON site.id = scan.site_id
                WHERE scan.status = 'complete' GROUP BY scan.site_id, site.name ORDER BY site.name NULLS FIRST
                """).map { (id: $0["id"] as Int64, site: $0["site"] as String?) }
        }
        return latest.compactMap { scan in
            guard let diff = try? diff(to: scan.id) else { return nil }
            return (scan.site, diff)
        }
    }

    static func previousComparableScan(before scan: Int64, in db: any SQLConnection) throws -> Int64? {
        try db.value("""
            SELECT earlier.id FROM scan AS earlier JOIN scan AS later ON later.id = ?
            WHERE earlier.id < later.id AND earlier.status = 'complete' AND earlier.kind = later.kind
              AND earlier.site_id \(db.dialect.nullSafeEquals) later.site_id
            ORDER BY earlier.id DESC LIMIT 1
            """, [scan], as: Int64.self)
    }

    /// Recomputes every device's conclusion from its stored evidence (after an upgrade of the
    /// signature table or the policy) and records a new conclusion where anything changed.
    public func reclassify(tableVersion: String, policyVersion: String, using classify: ([Observation]) -> Classification) throws -> [Reclassification] {
        try database.write { db in
            let context = ScanContext(siteID: nil, tableVersion: tableVersion, policyVersion: policyVersion)
            var changes: [Reclassification] = []
            let devices = try db.values("SELECT id FROM device ORDER BY id", as: Int64.self)
            for device in devices {
                let observations = try Self.storedObservations(of: device, in: db)
                let classification = classify(Self.distinctFacts(observations))
                let previous = try db.row("SELECT verdict, maker, classification FROM conclusion WHERE device_id = ? ORDER BY id DESC LIMIT 1", [device])
                let fresh = JSONValue.object(classification.jsonMembers()).serialized()
                guard (previous?["classification"] as String?) != fresh else { continue }
                try db.insertRows(Self.conclusionInsert, rows: [Self.conclusionRow(classification, device: device, scan: nil, context: context)])
                let before: String = previous?["verdict"] ?? "none"
                if before != classification.verdict.rawValue || (previous?["maker"] as String?) != classification.identity.maker {
                    changes.append(Reclassification(
                        deviceID: device, before: before, after: classification.verdict.rawValue,
                        makerBefore: previous?["maker"], makerAfter: classification.identity.maker))
                }
            }
            return changes
        }
    }

    static func rank(_ verdict: String) -> Int {
        ["covered": 0, "likely-covered": 1, "unknown": 2, "not-covered": 3][verdict] ?? 4
    }

    static func decodeList(_ json: String) -> [String] {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]) ?? []
    }
}
