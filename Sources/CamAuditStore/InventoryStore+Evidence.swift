import CamAuditModel
import Foundation

/// A scan as an auditor needs it: what was scanned, how, when, with which table and policy.
public struct ScanRecord: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var scope: String
    public var site: String?
    public var startedAt: Date
    public var endedAt: Date?
    public var status: String
    /// The scan's settings as recorded (JSON text).
    public var settings: String
    public var tableVersion: String
    public var policyVersion: String
    public var devices: Int
    public var covered: Int
}

/// One row of raw evidence, with the scan it came from.
public struct StoredObservation: Sendable, Equatable {
    public var scan: Int64
    public var observation: Observation
}

extension InventoryStore {
    public func scanRecords(site: String? = nil) throws -> [ScanRecord] {
        try database.read { db in
            try db.rows("""
                SELECT scan.*, site.name AS site FROM scan LEFT JOIN site ON site.id = scan.site_id
                WHERE (? IS NULL OR site.name = ?) ORDER BY scan.id
                """, [site, site]).map { row in
                ScanRecord(
                    id: row["id"], kind: row["kind"], scope: row["scope"], site: row["site"], startedAt: row["started_at"],
                    endedAt: row["ended_at"], status: row["status"], settings: row["settings"], tableVersion: row["table_version"],
                    policyVersion: row["policy_version"], devices: row["device_count"], covered: row["covered_count"])
            }
        }
    }

    public func observations(device: Int64) throws -> [StoredObservation] {
        try database.read { db in
            try db.rows("""
                SELECT scan_id, field, value, source_kind, protocol, port, reference, seen_at FROM observation WHERE device_id = ? ORDER BY id
                """, [device]).map { row in
                StoredObservation(scan: row["scan_id"], observation: Self.observation(row))
            }
        }
    }
}
