import Foundation

/// `camaudit inventory init-postgres`: the roles, the schema and the agents' sites of a
/// district inventory, printed as SQL for a DBA to read and run, or applied.
///
/// Run by an administrator (a superuser, or a role with CREATEROLE that owns the database).
/// Login roles get no password here: set one with `\password NAME` in psql, or use
/// certificate or peer authentication as pg_hba.conf says.
public struct DistrictSetup: Sendable {
    public struct Agent: Sendable, Equatable {
        public var role: String
        public var sites: [String]
        public init(role: String, sites: [String]) {
            self.role = role
            self.sites = sites
        }
    }

    public var database: String
    public var agents: [Agent]
    public var readers: [String]
    /// Login roles of the IT staff who run migrations, `reclassify`, decisions and facts.
    public var owners: [String]

    public init(database: String, agents: [Agent], readers: [String], owners: [String]) throws {
        for role in agents.map(\.role) + readers + owners {
            guard Self.isPlainRoleName(role) else {
                throw StoreError("role name '\(role.prefix(80))' must be lower-case letters, digits and _ (at most 63), starting with a letter or _")
            }
            guard !PostgresSiteAccess.groupRoles.contains(role) else {
                throw StoreError("'\(role)' is one of camaudit's group roles; name the login role after the school or person")
            }
        }
        for agent in agents where agent.sites.isEmpty {
            throw StoreError("agent \(agent.role) has no site; write --agent \(agent.role)=SITE[,SITE…]")
        }
        self.database = database
        self.agents = agents
        self.readers = readers
        self.owners = owners
    }

    static func isPlainRoleName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 63,
              first == "_" || ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    /// What the administrator's own session runs: roles, memberships, ownership.
    var administratorStatements: [String] {
        var statements = [PostgresSiteAccess.createGroupRoles(PostgresSiteAccess.groupRoles)]
        let logins = agents.map(\.role) + readers + owners
        if !logins.isEmpty { statements.append(PostgresSiteAccess.createRoles(logins, options: "LOGIN")) }
        statements += agents.map { "GRANT camaudit_agent TO \($0.role)" }
        statements += readers.map { "GRANT camaudit_reader TO \($0)" }
        statements += owners.map { "GRANT camaudit_owner TO \($0)" }
        statements.append("ALTER DATABASE \(quotedIdentifier(database)) OWNER TO camaudit_owner")
        // Tables an earlier run created as another role (a first `camaudit demo` as postgres).
        let names = (PostgresSiteAccess.tables + ["camaudit_schema"]).map { "'\($0)'" }.joined(separator: ", ")
        statements.append("""
            DO $$ DECLARE t record; BEGIN
              FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename IN (\(names)) LOOP
                EXECUTE format('ALTER TABLE %I OWNER TO camaudit_owner', t.tablename);
              END LOOP;
            END $$
            """)
        return statements
    }

    /// After the schema, as camaudit_owner: the sites and which agent writes which.
    var siteStatements: [(sql: String, arguments: [String])] {
        var statements: [(String, [String])] = []
        for agent in agents {
            for site in agent.sites {
                statements.append(("INSERT INTO site (name) VALUES (?) ON CONFLICT (name) DO NOTHING", [site]))
                statements.append(("INSERT INTO agent_site (role_name, site_id) SELECT ?, id FROM site WHERE name = ? ON CONFLICT DO NOTHING", [agent.role, site]))
            }
        }
        return statements
    }

    /// The whole setup as one psql script, the same statements `apply` runs.
    public func script() -> String {
        var lines = ["-- camaudit district inventory: roles, schema, sites. Run as a superuser:", "--   psql -v ON_ERROR_STOP=1 -d \(database) -f this-file.sql", ""]
        lines += administratorStatements.map { $0 + ";" }
        lines += ["", "SET ROLE camaudit_owner;", "CREATE TABLE IF NOT EXISTS camaudit_schema (version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now());"]
        for version in SchemaVersion.all {
            lines.append("-- schema \(version)")
            lines += SQLScript.statements(PostgresSchema.statements[version]!).map { $0 + ";" }
            lines.append("INSERT INTO camaudit_schema (version) VALUES ('\(version)');")
        }
        lines.append("")
        for statement in siteStatements {
            var sql = statement.sql
            for argument in statement.arguments {
                sql = sql.replacingOccurrences(of: "?", with: "'" + argument.replacingOccurrences(of: "'", with: "''") + "'", options: [], range: sql.range(of: "?"))
            }
            lines.append(sql + ";")
        }
        lines.append("RESET ROLE;")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Runs the setup against `location` as its (administrator) user; idempotent. Returns
    /// the inventory, opened as camaudit_owner.
    public func apply(location: PostgresLocation) throws -> InventoryStore {
        let administrator = try PostgresSQLDatabase(location: location)
        try administrator.write { db in
            for statement in administratorStatements { try db.execute(statement) }
        }
        var owner = location
        owner.role = "camaudit_owner"
        let store = try InventoryStore(postgres: owner)
        try store.database.write { db in
            for statement in siteStatements { try db.execute(statement.sql, statement.arguments) }
        }
        return store
    }

    private func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension InventoryStore {
    /// Sets the login roles' password (benchmarks and tests; a district sets its own in psql).
    public func setPasswords(_ roles: [String], password: String) throws {
        try database.write { db in
            for role in roles where DistrictSetup.isPlainRoleName(role) {
                try db.execute("ALTER ROLE \(role) PASSWORD '\(password.replacingOccurrences(of: "'", with: "''"))'")
            }
        }
    }
}
