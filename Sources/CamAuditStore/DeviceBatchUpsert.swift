import Foundation

extension InventoryStore {
    /// `upsertDevice` for a whole batch with a handful of statements: on PostgreSQL a round
    /// trip per device is what an agent's write costs, so the batch's anchors are looked up
    /// together, new devices inserted together, known ones updated together. Same rules as
    /// `upsertDevice`; a batch where order matters (two sightings sharing an anchor, or
    /// resolving to one device) goes device by device, as does SQLite, where a statement
    /// costs microseconds.
    static func upsertDevices(_ devices: [DeviceUpsert], siteID: Int64?, in db: any SQLConnection) throws -> [Int64] {
        guard db.dialect.isPostgreSQL, devices.count > 1, !sharesAnAnchor(devices) else {
            return try devices.map { try upsertDevice($0, siteID: siteID, in: db) }
        }
        var ids = try knownAnchors(devices, in: db)
        try resolveByAddress(devices, siteID: siteID, ids: &ids, in: db)
        let found = ids.compactMap { $0 }
        guard Set(found).count == found.count else {
            return try devices.map { try upsertDevice($0, siteID: siteID, in: db) }
        }
        let existing = ids.indices.filter { ids[$0] != nil }
        try insertNew(devices, siteID: siteID, ids: &ids, in: db)
        try updateKnown(existing.map { (ids[$0]!, devices[$0]) }, siteID: siteID, in: db)
        var addresses: [String: SQLArguments] = [:]
        for (index, device) in devices.enumerated() {
            for address in device.addresses {
                let key = "\(ids[index]!) \(address)"
                if addresses[key] == nil { addresses[key] = [ids[index]!, address, device.firstSeen, device.lastSeen] }
            }
        }
        try db.insertRows("INSERT INTO device_address (device_id, address, first_seen, last_seen)", rows: Array(addresses.values),
                          onConflict: "ON CONFLICT (device_id, address) DO UPDATE SET last_seen = GREATEST(device_address.last_seen, excluded.last_seen)")
        return ids.map { $0! }
    }

    private static func anchorKey(_ kind: String, _ value: String) -> String { kind + "\u{1F}" + value }

    private static func sharesAnAnchor(_ devices: [DeviceUpsert]) -> Bool {
        var seen: Set<String> = []
        for device in devices {
            for anchor in device.anchors where !seen.insert(anchorKey(anchor.kind, anchor.value)).inserted { return true }
            if let address = device.addresses.first, !seen.insert(anchorKey("last_address", address)).inserted { return true }
        }
        return false
    }

    /// Each device's strongest anchor already in the inventory.
    private static func knownAnchors(_ devices: [DeviceUpsert], in db: any SQLConnection) throws -> [Int64?] {
        var byKind: [String: [String]] = [:]
        for device in devices {
            for anchor in device.anchors { byKind[anchor.kind, default: []].append(anchor.value) }
        }
        var known: [String: Int64] = [:]
        for (kind, values) in byKind {
            for row in try db.rows(in: "SELECT id, anchor FROM device WHERE anchor_kind = ? AND anchor IN (?…)", leading: [kind], values: values) {
                known[anchorKey(kind, row["anchor"])] = row["id"]
            }
        }
        return devices.map { device in device.anchors.lazy.compactMap { known[anchorKey($0.kind, $0.value)] }.first }
    }

    /// The device last seen at the address, for those no anchor found (see `findDevice`).
    private static func resolveByAddress(_ devices: [DeviceUpsert], siteID: Int64?, ids: inout [Int64?], in db: any SQLConnection) throws {
        let missing = ids.indices.filter { ids[$0] == nil && devices[$0].addresses.first != nil }
        guard !missing.isEmpty else { return }
        let addresses = missing.map { devices[$0].addresses[0] }
        var candidates: [String: [SQLRow]] = [:]
        for row in try db.rows(in: "SELECT id, last_address, site_id, mac, serial, last_seen FROM device WHERE last_address IN (?…)", values: addresses) {
            candidates[row["last_address"], default: []].append(row)
        }
        for index in missing {
            let device = devices[index]
            let match = (candidates[device.addresses[0]] ?? []).filter { row in
                let mac: String? = row["mac"], serial: String? = row["serial"]
                return (row["site_id"] as Int64?) == siteID && (mac == nil || device.mac == nil || mac == device.mac)
                    && (serial == nil || device.serial == nil || serial == device.serial)
            }.max { ($0["last_seen"] as Date) < ($1["last_seen"] as Date) }
            ids[index] = match.map { $0["id"] }
        }
    }

    /// Inserts the devices nothing found; one another writer inserted meanwhile goes through
    /// `upsertDevice`, which finds and updates it.
    private static func insertNew(_ devices: [DeviceUpsert], siteID: Int64?, ids: inout [Int64?], in db: any SQLConnection) throws {
        let new = ids.indices.filter { ids[$0] == nil }
        guard !new.isEmpty else { return }
        let width = 9
        for chunk in stride(from: 0, to: new.count, by: 30_000 / width).map({ Array(new[$0..<min($0 + 30_000 / width, new.count)]) }) {
            let tuples = Array(repeating: "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")", count: chunk.count).joined(separator: ", ")
            var arguments: SQLArguments = []
            for index in chunk {
                let device = devices[index], anchor = device.anchors[0]
                arguments += [anchor.kind, anchor.value, siteID, device.mac, device.macSource, device.serial, device.addresses.first,
                              device.firstSeen, device.lastSeen] as SQLArguments
            }
            var inserted: [String: Int64] = [:]
            for row in try db.rows("""
                INSERT INTO device (anchor_kind, anchor, site_id, mac, mac_source, serial, last_address, first_seen, last_seen)
                VALUES \(tuples) ON CONFLICT (anchor_kind, anchor) DO NOTHING RETURNING id, anchor_kind, anchor
                """, arguments) {
                inserted[anchorKey(row["anchor_kind"], row["anchor"])] = row["id"]
            }
            for index in chunk {
                let anchor = devices[index].anchors[0]
                if let id = inserted[anchorKey(anchor.kind, anchor.value)] {
                    ids[index] = id
                } else {
                    ids[index] = try upsertDevice(devices[index], siteID: siteID, in: db)
                }
            }
        }
    }

    /// The known devices' times, MAC, serial, address and site, in one statement per chunk,
    /// in id order so that concurrent agents lock shared devices in the same order.
    private static func updateKnown(_ known: [(id: Int64, device: DeviceUpsert)], siteID: Int64?, in db: any SQLConnection) throws {
        guard !known.isEmpty else { return }
        let sorted = known.sorted { $0.id < $1.id }
        let width = 8
        for chunk in stride(from: 0, to: sorted.count, by: 30_000 / width).map({ Array(sorted[$0..<min($0 + 30_000 / width, sorted.count)]) }) {
            let tuples = Array(repeating: "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")", count: chunk.count).joined(separator: ", ")
            var arguments: SQLArguments = []
            for (id, device) in chunk {
                arguments += [id, device.lastSeen, device.firstSeen, device.mac, device.macSource, device.serial, device.addresses.first, siteID] as SQLArguments
            }
            try db.execute("""
                UPDATE device AS d SET last_seen = GREATEST(d.last_seen, v.last_seen), first_seen = LEAST(d.first_seen, v.first_seen),
                    mac_source = CASE WHEN v.mac IS NOT NULL THEN v.mac_source ELSE COALESCE(d.mac_source, v.mac_source) END,
                    mac = COALESCE(v.mac, d.mac), serial = COALESCE(v.serial, d.serial), last_address = COALESCE(v.last_address, d.last_address),
                    site_id = COALESCE(v.site_id, d.site_id)
                FROM (VALUES \(tuples)) AS v(id, last_seen, first_seen, mac, mac_source, serial, last_address, site_id)
                WHERE d.id = v.id
                """, arguments)
        }
    }
}
