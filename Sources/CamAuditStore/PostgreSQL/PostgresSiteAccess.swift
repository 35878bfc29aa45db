import Foundation

/// Least privilege on a district's PostgreSQL inventory.
///
/// Three group roles: `camaudit_owner` owns the tables and runs migrations; `camaudit_agent`
/// is the group of the schools' agents, each a login role that may add scans, evidence,
/// conclusions and sightings only for the sites `agent_site` gives it (row-level security);
/// `camaudit_reader` reads everything for reports and may write nothing.
///
/// An agent reads the device table of the whole district (MAC, serial, address, site): it
/// must, to keep a camera that moved between schools one device; it cannot read another
/// site's scans, evidence, conclusions or sightings, nor any decision or district fact.
public enum PostgresSiteAccess {
    public static let groupRoles = ["camaudit_owner", "camaudit_agent", "camaudit_reader"]

    /// An agent's sites, for the policies below.
    private static let agentSites = "(SELECT a.site_id FROM agent_site a WHERE a.role_name = session_user)"
    static let tables = ["site", "scan", "device", "device_address", "observation", "conclusion", "sighting", "remediation", "district_fact", "agent_site"]

    static let migration: String = {
        var script = """
            CREATE TABLE agent_site (
                role_name TEXT NOT NULL,
                site_id BIGINT NOT NULL REFERENCES site(id) ON DELETE CASCADE,
                PRIMARY KEY (role_name, site_id)
            );
            \(createGroupRoles(["camaudit_agent", "camaudit_reader"]));
            GRANT SELECT ON camaudit_schema, \(tables.joined(separator: ", ")) TO camaudit_reader;
            GRANT SELECT ON camaudit_schema, site, scan, device, device_address, observation, conclusion, sighting, agent_site TO camaudit_agent;
            GRANT INSERT, UPDATE ON scan, device, device_address, sighting TO camaudit_agent;
            GRANT INSERT ON observation, conclusion TO camaudit_agent;
            GRANT DELETE ON conclusion TO camaudit_agent;
            GRANT USAGE ON SEQUENCE scan_id_seq, device_id_seq, observation_id_seq, conclusion_id_seq TO camaudit_agent;

            """
        for table in tables {
            script += "ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY;\n"
            script += "CREATE POLICY reader_reads_all ON \(table) FOR SELECT TO camaudit_reader USING (true);\n"
        }
        script += """
            CREATE POLICY agent_own_grants ON agent_site FOR SELECT TO camaudit_agent USING (role_name = session_user);
            CREATE POLICY agent_own_sites ON site FOR SELECT TO camaudit_agent USING (id IN \(agentSites));
            CREATE POLICY agent_own_scans ON scan FOR ALL TO camaudit_agent
                USING (site_id IN \(agentSites)) WITH CHECK (site_id IN \(agentSites));
            CREATE POLICY agent_reads_devices ON device FOR SELECT TO camaudit_agent USING (true);
            CREATE POLICY agent_adds_devices ON device FOR INSERT TO camaudit_agent WITH CHECK (site_id IN \(agentSites));
            CREATE POLICY agent_moves_devices ON device FOR UPDATE TO camaudit_agent USING (true) WITH CHECK (site_id IN \(agentSites));
            CREATE POLICY agent_device_addresses ON device_address FOR ALL TO camaudit_agent USING (true) WITH CHECK (true);

            """
        // Evidence, conclusions and sightings belong to a scan; the scan subquery is itself
        // limited to the agent's sites by the scan policy.
        for table in ["observation", "conclusion", "sighting"] {
            script += """
                CREATE POLICY agent_own_scan_rows ON \(table) FOR ALL TO camaudit_agent
                    USING (scan_id IN (SELECT id FROM scan)) WITH CHECK (scan_id IN (SELECT id FROM scan));

                """
        }
        return script
    }()

    static func createGroupRoles(_ roles: [String]) -> String {
        createRoles(roles, options: "NOLOGIN")
    }

    /// Roles are shared by every database of the cluster, so two inventories migrating at once
    /// can race to create one: the loser takes the winner's.
    static func createRoles(_ roles: [String], options: String) -> String {
        let body = roles.map {
            "IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\($0)') THEN BEGIN CREATE ROLE \($0) \(options); EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END; END IF;"
        }
        return "DO $$ BEGIN \(body.joined(separator: " ")) END $$"
    }
}
