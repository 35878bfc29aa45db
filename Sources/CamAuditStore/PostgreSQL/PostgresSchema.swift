import Foundation

/// The PostgreSQL inventory's migrations, one per name of `SchemaVersion.all`, the same data
/// as SQLite's with PostgreSQL's types (BIGSERIAL ids, TIMESTAMPTZ times). Each runs in its own
/// transaction under an advisory lock, so agents starting at once never migrate twice; a role
/// that may not change the schema (an agent, a reader) gets an error naming the owner's job.
enum PostgresSchema {
    static let migrationLock = 0x43_41_4E // "CAN"

    static func migrate(_ database: PostgresSQLDatabase) throws {
        let pending = try database.write { db -> [String] in
            try db.execute("SELECT pg_advisory_xact_lock(\(migrationLock))")
            let exists = try db.value("SELECT to_regclass('camaudit_schema') IS NOT NULL", as: Int.self) == 1
            let applied = exists ? Set(try db.values("SELECT version FROM camaudit_schema", as: String.self)) : []
            if let unknown = applied.subtracting(SchemaVersion.all).sorted().first {
                throw StoreError("the inventory at \(database.location.display) has schema version \(unknown), newer than this camaudit knows; upgrade camaudit")
            }
            return SchemaVersion.all.filter { !applied.contains($0) }
        }
        guard !pending.isEmpty else { return }
        for version in pending {
            do {
                try database.write { db in
                    try db.execute("SELECT pg_advisory_xact_lock(\(migrationLock))")
                    try db.execute("CREATE TABLE IF NOT EXISTS camaudit_schema (version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
                    // Another process may have applied it while this one waited for the lock.
                    guard try db.row("SELECT version FROM camaudit_schema WHERE version = ?", [version]) == nil else { return }
                    for statement in SQLScript.statements(statements[version]!) { try db.execute(statement) }
                    try db.execute("INSERT INTO camaudit_schema (version) VALUES (?)", [version])
                }
            } catch {
                throw StoreError("cannot bring the inventory at \(database.location.display) to schema \(version): \(error). The role that owns the inventory (camaudit_owner, see camaudit inventory init-postgres) must run the first command after an upgrade")
            }
        }
    }

    static let statements: [String: String] = {
        let all: [String: String] = [
            "v1-initial-schema": """
                CREATE TABLE site (
                    id BIGSERIAL PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    building TEXT
                );
                CREATE TABLE scan (
                    id BIGSERIAL PRIMARY KEY,
                    kind TEXT NOT NULL CONSTRAINT scan_kind_check CHECK (kind IN ('active', 'passive', 'recorded')),
                    scope TEXT NOT NULL,
                    site_id BIGINT REFERENCES site(id),
                    started_at TIMESTAMPTZ NOT NULL,
                    ended_at TIMESTAMPTZ,
                    status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'interrupted')),
                    settings TEXT NOT NULL DEFAULT '{}',
                    table_version TEXT NOT NULL,
                    policy_version TEXT NOT NULL,
                    device_count INTEGER NOT NULL DEFAULT 0,
                    covered_count INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE device (
                    id BIGSERIAL PRIMARY KEY,
                    anchor_kind TEXT NOT NULL CHECK (anchor_kind IN ('mac', 'serial', 'address', 'key')),
                    anchor TEXT NOT NULL,
                    site_id BIGINT REFERENCES site(id),
                    mac TEXT,
                    serial TEXT,
                    last_address TEXT,
                    first_seen TIMESTAMPTZ NOT NULL,
                    last_seen TIMESTAMPTZ NOT NULL,
                    UNIQUE (anchor_kind, anchor)
                );
                CREATE TABLE device_address (
                    device_id BIGINT NOT NULL REFERENCES device(id) ON DELETE CASCADE,
                    address TEXT NOT NULL,
                    first_seen TIMESTAMPTZ NOT NULL,
                    last_seen TIMESTAMPTZ NOT NULL,
                    PRIMARY KEY (device_id, address)
                );
                CREATE TABLE observation (
                    id BIGSERIAL PRIMARY KEY,
                    device_id BIGINT NOT NULL REFERENCES device(id) ON DELETE CASCADE,
                    scan_id BIGINT NOT NULL REFERENCES scan(id) ON DELETE CASCADE,
                    field TEXT NOT NULL,
                    value TEXT NOT NULL,
                    source_kind TEXT NOT NULL,
                    protocol TEXT,
                    port INTEGER,
                    reference TEXT,
                    seen_at TIMESTAMPTZ
                );
                CREATE INDEX observation_device ON observation(device_id);
                CREATE TABLE conclusion (
                    id BIGSERIAL PRIMARY KEY,
                    device_id BIGINT NOT NULL REFERENCES device(id) ON DELETE CASCADE,
                    scan_id BIGINT REFERENCES scan(id) ON DELETE SET NULL,
                    computed_at TIMESTAMPTZ NOT NULL,
                    table_version TEXT NOT NULL,
                    policy_version TEXT NOT NULL,
                    maker TEXT,
                    brand TEXT,
                    model TEXT,
                    firmware TEXT,
                    device_type TEXT,
                    verdict TEXT NOT NULL,
                    confidence DOUBLE PRECISION NOT NULL,
                    lists TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    classification TEXT NOT NULL
                );
                CREATE INDEX conclusion_device ON conclusion(device_id, id);
                CREATE TABLE sighting (
                    scan_id BIGINT NOT NULL REFERENCES scan(id) ON DELETE CASCADE,
                    device_id BIGINT NOT NULL REFERENCES device(id) ON DELETE CASCADE,
                    address TEXT,
                    verdict TEXT NOT NULL,
                    PRIMARY KEY (scan_id, device_id)
                );
                CREATE TABLE remediation (
                    id BIGSERIAL PRIMARY KEY,
                    device_id BIGINT NOT NULL REFERENCES device(id) ON DELETE CASCADE,
                    status TEXT NOT NULL CHECK (status IN ('replaced', 'removed', 'exempt', 'planned')),
                    note TEXT NOT NULL DEFAULT '',
                    recorded_by TEXT NOT NULL,
                    recorded_at TIMESTAMPTZ NOT NULL
                );
                """,
            "v2-scan-owner": "ALTER TABLE scan ADD COLUMN owner TEXT",
            "v3-device-mac-source": "ALTER TABLE device ADD COLUMN mac_source TEXT CHECK (mac_source IN ('frame', 'payload', 'none'))",
            "v4-facts-district-facts": """
                CREATE TABLE district_fact (
                    id BIGSERIAL PRIMARY KEY,
                    site_id BIGINT REFERENCES site(id) ON DELETE CASCADE,
                    device_id BIGINT REFERENCES device(id) ON DELETE CASCADE,
                    name TEXT NOT NULL CHECK (name IN ('state', 'funding', 'federal-contractor', 'acquired', 'contract', 'note', 'asset-tag')),
                    value TEXT NOT NULL,
                    entered_by TEXT NOT NULL,
                    entered_at TIMESTAMPTZ NOT NULL,
                    origin TEXT NOT NULL,
                    CHECK ((site_id IS NULL) <> (device_id IS NULL))
                );
                CREATE INDEX district_fact_site ON district_fact(site_id, id);
                CREATE INDEX district_fact_device ON district_fact(device_id, id);
                """,
            "v4-import-scan-kind": """
                ALTER TABLE scan DROP CONSTRAINT scan_kind_check;
                ALTER TABLE scan ADD CONSTRAINT scan_kind_check CHECK (kind IN ('active', 'passive', 'recorded', 'import'));
                """,
            "v5-scan-uid-address-index": """
                ALTER TABLE scan ADD COLUMN uid TEXT;
                UPDATE scan SET uid = md5(random()::text || id::text);
                CREATE UNIQUE INDEX scan_uid ON scan(uid);
                CREATE INDEX device_last_address ON device(last_address);
                CREATE INDEX sighting_device ON sighting(device_id);
                CREATE INDEX scan_site ON scan(site_id, id);
                """,
            "v6-site-access": PostgresSiteAccess.migration,
        ]
        precondition(Set(all.keys) == Set(SchemaVersion.all), "PostgreSQL migrations differ from SchemaVersion.all")
        return all
    }()
}
