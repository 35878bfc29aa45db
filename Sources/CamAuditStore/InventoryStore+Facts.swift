import CamAuditModel
import Foundation

extension InventoryStore {
    public func recordFacts(_ facts: [DistrictFact]) throws {
        try database.write { db in
            for fact in facts {
                var siteID: Int64?
                var deviceID: Int64?
                switch fact.subject {
                case .site(let name):
                    siteID = try Self.siteID(named: name, in: db)
                case .device(let id):
                    guard try db.row("SELECT id FROM device WHERE id = ?", [id]) != nil else {
                        throw StoreError("no device \(id) in the inventory (camaudit inventory list shows the ids)")
                    }
                    deviceID = id
                }
                try db.execute("""
                    INSERT INTO district_fact (site_id, device_id, name, value, entered_by, entered_at, origin)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, [siteID, deviceID, fact.name.rawValue, fact.value, fact.enteredBy, fact.enteredAt, fact.origin])
            }
        }
    }

    public func facts(site: String? = nil) throws -> [DistrictFact] {
        try database.read { db in
            try db.rows("""
                SELECT f.device_id, f.name, f.value, f.entered_by, f.entered_at, f.origin, s.name AS site
                FROM district_fact f
                LEFT JOIN device d ON d.id = f.device_id
                LEFT JOIN site s ON s.id = COALESCE(f.site_id, d.site_id)
                WHERE f.device_id IS NOT NULL OR f.site_id IS NOT NULL
                ORDER BY f.id
                """).compactMap { row -> DistrictFact? in
                let siteName: String? = row["site"]
                if let site, siteName != site { return nil }
                guard let name = FactName(rawValue: row["name"]) else { return nil }
                let subject: DistrictFact.Subject
                if let device = row["device_id"] as Int64? {
                    subject = .device(device)
                } else if let siteName {
                    subject = .site(siteName)
                } else {
                    return nil
                }
                return DistrictFact(subject: subject, name: name, value: row["value"], enteredBy: row["entered_by"], enteredAt: row["entered_at"], origin: row["origin"])
            }
        }
    }
}
