import GRDB

/// The SQLite inventory's migrations, one per name of `SchemaVersion.all`; a shipped
/// migration is never edited, a change is a new one (in both backends).
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial-schema") { db in
            try db.execute(sql: """
                CREATE TABLE site (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    building TEXT
                );
                CREATE TABLE scan (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('active', 'passive', 'recorded')),
                    scope TEXT NOT NULL,
                    site_id INTEGER REFERENCES site(id),
                    started_at DATETIME NOT NULL,
                    ended_at DATETIME,
                    status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'interrupted')),
                    settings TEXT NOT NULL DEFAULT '{}',
                    table_version TEXT NOT NULL,
                    policy_version TEXT NOT NULL,
                    device_count INTEGER NOT NULL DEFAULT 0,
                    covered_count INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE device (
                    id INTEGER PRIMARY KEY,
                    anchor_kind TEXT NOT NULL CHECK (anchor_kind IN ('mac', 'serial', 'address', 'key')),
                    anchor TEXT NOT NULL,
                    site_id INTEGER REFERENCES site(id),
                    mac TEXT,
                    serial TEXT,
                    last_address TEXT,
                    first_seen DATETIME NOT NULL,
                    last_seen DATETIME NOT NULL,
                    UNIQUE (anchor_kind, anchor)
                );
                CREATE TABLE device_address (
                    device_id INTEGER NOT NULL REFERENCES device(id) ON DELETE CASCADE,
                    address TEXT NOT NULL,
                    first_seen DATETIME NOT NULL,
                    last_seen DATETIME NOT NULL,
                    PRIMARY KEY (device_id, address)
                );
                -- Raw evidence: what was read, from where and when. Never rewritten.
                CREATE TABLE observation (
                    id INTEGER PRIMARY KEY,
                    device_id INTEGER NOT NULL REFERENCES device(id) ON DELETE CASCADE,
                    scan_id INTEGER NOT NULL REFERENCES scan(id) ON DELETE CASCADE,
                    field TEXT NOT NULL,
                    value TEXT NOT NULL,
                    source_kind TEXT NOT NULL,
                    protocol TEXT,
                    port INTEGER,
                    reference TEXT,
                    seen_at DATETIME
                );
                CREATE INDEX observation_device ON observation(device_id);
                -- Conclusions: recomputed from evidence whenever the table or policy changes.
                CREATE TABLE conclusion (
                    id INTEGER PRIMARY KEY,
                    device_id INTEGER NOT NULL REFERENCES device(id) ON DELETE CASCADE,
                    scan_id INTEGER REFERENCES scan(id) ON DELETE SET NULL,
                    computed_at DATETIME NOT NULL,
                    table_version TEXT NOT NULL,
                    policy_version TEXT NOT NULL,
                    maker TEXT,
                    brand TEXT,
                    model TEXT,
                    firmware TEXT,
                    device_type TEXT,
                    verdict TEXT NOT NULL,
                    confidence DOUBLE NOT NULL,
                    lists TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    classification TEXT NOT NULL
                );
                CREATE INDEX conclusion_device ON conclusion(device_id, id);
                -- Which devices each scan saw, where, and with which verdict: what diffs compare.
                CREATE TABLE sighting (
                    scan_id INTEGER NOT NULL REFERENCES scan(id) ON DELETE CASCADE,
                    device_id INTEGER NOT NULL REFERENCES device(id) ON DELETE CASCADE,
                    address TEXT,
                    verdict TEXT NOT NULL,
                    PRIMARY KEY (scan_id, device_id)
                );
                CREATE TABLE remediation (
                    id INTEGER PRIMARY KEY,
                    device_id INTEGER NOT NULL REFERENCES device(id) ON DELETE CASCADE,
                    status TEXT NOT NULL CHECK (status IN ('replaced', 'removed', 'exempt', 'planned')),
                    note TEXT NOT NULL DEFAULT '',
                    recorded_by TEXT NOT NULL,
                    recorded_at DATETIME NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2-scan-owner") { db in
            // boot id / process id / store instance of the scan's writer (see ScanOwner).
            try db.execute(sql: "ALTER TABLE scan ADD COLUMN owner TEXT")
        }
        migrator.registerMigration("v3-device-mac-source") { db in
            // Where device.mac came from: 'frame', 'payload' or 'none' (a device seen behind a
            // router that stated no MAC). Rows from before are left NULL: not known.
            try db.execute(sql: "ALTER TABLE device ADD COLUMN mac_source TEXT CHECK (mac_source IN ('frame', 'payload', 'none'))")
        }
        registerFactsMigrations(&migrator)
        registerImportMigrations(&migrator)
        registerDistrictMigrations(&migrator)
        precondition(migrator.migrations == SchemaVersion.all, "SQLite migrations differ from SchemaVersion.all")
        return migrator
    }
}

// MARK: v4-facts: district facts (issue 17).
extension SQLiteSchema {
    static func registerFactsMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-facts-district-facts") { db in
            // What the district says about a site or a device (funding, dates, state,
            // contracts): neither evidence nor conclusion. Append-only: the latest row per
            // subject and name holds; earlier rows are the history an auditor can read.
            try db.execute(sql: """
                CREATE TABLE district_fact (
                    id INTEGER PRIMARY KEY,
                    site_id INTEGER REFERENCES site(id) ON DELETE CASCADE,
                    device_id INTEGER REFERENCES device(id) ON DELETE CASCADE,
                    name TEXT NOT NULL CHECK (name IN ('state', 'funding', 'federal-contractor', 'acquired', 'contract', 'note', 'asset-tag')),
                    value TEXT NOT NULL,
                    entered_by TEXT NOT NULL,
                    entered_at DATETIME NOT NULL,
                    origin TEXT NOT NULL,
                    CHECK ((site_id IS NULL) <> (device_id IS NULL))
                );
                CREATE INDEX district_fact_site ON district_fact(site_id, id);
                CREATE INDEX district_fact_device ON district_fact(device_id, id);
                """)
        }
    }
}

// MARK: v4-import: `camaudit import` (issue 16).
extension SQLiteSchema {
    static func registerImportMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-import-scan-kind") { db in
            // SQLite cannot change a CHECK constraint in place: the scan table is rebuilt with
            // 'import' allowed, rows and ids kept. GRDB runs migrations with foreign keys off
            // and checks them afterwards, so the tables that point at scan(id) stay valid.
            try db.execute(sql: """
                CREATE TABLE scan_v4 (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('active', 'passive', 'recorded', 'import')),
                    scope TEXT NOT NULL,
                    site_id INTEGER REFERENCES site(id),
                    started_at DATETIME NOT NULL,
                    ended_at DATETIME,
                    status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'interrupted')),
                    settings TEXT NOT NULL DEFAULT '{}',
                    table_version TEXT NOT NULL,
                    policy_version TEXT NOT NULL,
                    device_count INTEGER NOT NULL DEFAULT 0,
                    covered_count INTEGER NOT NULL DEFAULT 0,
                    owner TEXT
                );
                INSERT INTO scan_v4 (id, kind, scope, site_id, started_at, ended_at, status, settings, table_version,
                                     policy_version, device_count, covered_count, owner)
                    SELECT id, kind, scope, site_id, started_at, ended_at, status, settings, table_version,
                           policy_version, device_count, covered_count, owner FROM scan;
                DROP TABLE scan;
                ALTER TABLE scan_v4 RENAME TO scan;
                """)
        }
    }
}

// MARK: v5, v6: the district inventory (issue 15).
extension SQLiteSchema {
    static func registerDistrictMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-scan-uid-address-index") { db in
            // A scan's identity across inventories: `inventory push` copies a local scan into
            // the district's once, whatever its id there. The address index serves the
            // anchoring of devices without MAC or serial, which looks devices up by address.
            try db.execute(sql: """
                ALTER TABLE scan ADD COLUMN uid TEXT;
                UPDATE scan SET uid = lower(hex(randomblob(16)));
                CREATE UNIQUE INDEX scan_uid ON scan(uid);
                CREATE INDEX device_last_address ON device(last_address);
                CREATE INDEX sighting_device ON sighting(device_id);
                """)
        }
        migrator.registerMigration("v6-site-access") { _ in
            // PostgreSQL's per-site row security for agent roles. A SQLite file has no roles:
            // its file permissions are its access control, so this version changes nothing here.
        }
    }
}
