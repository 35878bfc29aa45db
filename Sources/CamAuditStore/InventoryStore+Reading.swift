import CamAuditModel
import Foundation
import GRDB

extension InventoryStore {
    /// The columns an `InventoryRow` is read from (device `d`, site `s`, conclusion `c`): one
    /// list for every query that lists devices.
    static let inventoryRowColumns = """
        d.id, d.mac, d.mac_source, d.serial, d.first_seen, d.last_seen, s.name AS site,
        c.maker, c.brand, c.model, c.firmware, c.device_type, c.verdict, c.confidence, c.lists, c.summary, c.table_version,
        (SELECT r.status FROM remediation r WHERE r.device_id = d.id ORDER BY r.id DESC LIMIT 1) AS remediation,
        (SELECT r.note FROM remediation r WHERE r.device_id = d.id ORDER BY r.id DESC LIMIT 1) AS remediation_note,
        (SELECT group_concat(address, ' ') FROM (SELECT address FROM device_address a WHERE a.device_id = d.id ORDER BY a.last_seen DESC)) AS addresses
        """

    /// Every device with its latest conclusion, covered first.
    public func inventory(site: String? = nil) throws -> [InventoryRow] {
        try database.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT \(Self.inventoryRowColumns)
                FROM device d
                LEFT JOIN site s ON s.id = d.site_id
                JOIN conclusion c ON c.id = (SELECT MAX(id) FROM conclusion WHERE device_id = d.id)
                WHERE (? IS NULL OR s.name = ?)
                ORDER BY CASE c.verdict WHEN 'covered' THEN 0 WHEN 'likely-covered' THEN 1 WHEN 'unknown' THEN 2 ELSE 3 END, s.name, d.id
                """, arguments: [site, site])
            return rows.map { row in
                let lists: String = row["lists"]
                return InventoryRow(
                    deviceID: row["id"], site: row["site"], mac: row["mac"], macSource: row["mac_source"], serial: row["serial"],
                    addresses: ((row["addresses"] as String?) ?? "").split(separator: " ").map(String.init),
                    firstSeen: row["first_seen"], lastSeen: row["last_seen"], maker: row["maker"], brand: row["brand"],
                    model: row["model"], firmware: row["firmware"], deviceType: row["device_type"], verdict: row["verdict"],
                    confidence: row["confidence"], lists: Self.decodeList(lists), summary: row["summary"],
                    tableVersion: row["table_version"], remediation: row["remediation"], remediationNote: row["remediation_note"])
            }
        }
    }

    /// Completed scans, newest last.
    public func scans() throws -> [ScanSummary] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, kind, scope, started_at, status, device_count, covered_count FROM scan ORDER BY id").map { row in
                (row["id"], row["kind"], row["scope"], row["started_at"], row["status"], row["device_count"], row["covered_count"])
            }
        }
    }

    /// Devices new, gone, moved (other address) and re-classified between two scans. By default
    /// `to` is the last complete scan and `from` the complete scan before it of the same site and
    /// kind: scans of two different schools, or a capture and a scan, are not a trend.
    public func diff(from: Int64? = nil, to: Int64? = nil) throws -> InventoryDiff {
        try database.read { db in
            let complete = try Int64.fetchAll(db, sql: "SELECT id FROM scan WHERE status = 'complete' ORDER BY id")
            guard let toScan = to ?? complete.last else {
                throw StoreError("need two complete scans to compare; the inventory has \(complete.count)")
            }
            guard let fromScan = try from ?? Self.previousComparableScan(before: toScan, in: db) else {
                throw StoreError("scan \(toScan) is the first complete scan of its site and kind; give two scan ids (camaudit inventory scans lists them)")
            }
            func sightings(_ scan: Int64) throws -> [Int64: (address: String?, verdict: String)] {
                var out: [Int64: (String?, String)] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT device_id, address, verdict FROM sighting WHERE scan_id = ?", arguments: [scan]) {
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
            try Row.fetchAll(db, sql: """
                SELECT MAX(scan.id) AS id, site.name AS site FROM scan LEFT JOIN site ON site.id = scan.site_id
                WHERE scan.status = 'complete' GROUP BY scan.site_id ORDER BY site.name
                """).map { (id: $0["id"] as Int64, site: $0["site"] as String?) }
        }
        return try latest.compactMap { scan in
            guard let diff = try? diff(to: scan.id) else { return nil }
            return (scan.site, diff)
        }
    }

    static func previousComparableScan(before scan: Int64, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: """
            SELECT earlier.id FROM scan AS earlier JOIN scan AS later ON later.id = ?
            WHERE earlier.id < later.id AND earlier.status = 'complete' AND earlier.kind = later.kind
              AND earlier.site_id IS later.site_id
            ORDER BY earlier.id DESC LIMIT 1
            """, arguments: [scan])
    }

    /// Recomputes every device's conclusion from its stored evidence (after an upgrade of the
    /// signature table or the policy) and records a new conclusion where anything changed.
    public func reclassify(tableVersion: String, policyVersion: String, using classify: ([Observation]) -> Classification) throws -> [Reclassification] {
        try database.write { db in
            var changes: [Reclassification] = []
            let devices = try Int64.fetchAll(db, sql: "SELECT id FROM device ORDER BY id")
            for device in devices {
                let observations = try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT field, value, source_kind, protocol, port, reference, seen_at FROM observation WHERE device_id = ? ORDER BY id
                    """), arguments: [device]).map { row in
                    Observation(field: row["field"], value: row["value"], source: EvidenceSource(
                        kind: EvidenceSource.Kind(rawValue: row["source_kind"]) ?? .recorded, protocolName: row["protocol"],
                        port: row["port"], reference: row["reference"], time: row["seen_at"]))
                }
                let classification = classify(Self.distinctFacts(observations))
                let previous = try Row.fetchOne(db.cachedStatement(sql: "SELECT verdict, maker, classification FROM conclusion WHERE device_id = ? ORDER BY id DESC LIMIT 1"), arguments: [device])
                let fresh = JSONValue.object(classification.jsonMembers()).serialized()
                guard previous?["classification"] != fresh else { continue }
                try Self.insertConclusion(classification, device: device, scan: nil, tableVersion: tableVersion, policyVersion: policyVersion, in: db)
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
