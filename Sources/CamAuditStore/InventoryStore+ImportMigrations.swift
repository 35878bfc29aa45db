import GRDB

extension InventoryStore {
    /// Migrations of `camaudit import` (issue 16), kept in their own block so that other
    /// branches' v4 migrations merge without touching these lines.
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
