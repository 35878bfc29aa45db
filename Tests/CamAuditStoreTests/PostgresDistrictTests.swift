import CamAuditModel
import CamAuditSignatures
@testable import CamAuditStore
import CamAuditTestSupport
import Foundation
import Testing

/// The district inventory on PostgreSQL: roles and per-site row security, push, TLS, the
/// errors a district's IT staff meet, and an agent whose server goes away mid-scan.
@Suite struct PostgresDistrictTests {
    let helper = InventoryStoreTests()

    /// A fresh database set up by init-postgres with one agent per site and a reader; role
    /// names carry a random suffix because roles are shared by the whole cluster.
    struct District {
        var adminURL: String
        var suffix: String
        var passwordFile: String

        func url(_ role: String, query: String = "sslmode=disable") -> String {
            TestPostgres.url(adminURL, database: URLComponents(string: adminURL)!.path.dropFirst().description, user: role, query: query)
        }

        func open(_ role: String) throws -> InventoryStore { try InventoryStore.open(url(role), passwordFile: passwordFile) }
    }

    func district(agents: [String: [String]], readers: [String] = ["board"]) throws -> District? {
        guard let adminURL = try TestPostgres.freshDatabaseURL(prefix: "district") else { return nil }
        let suffix = String(UUID().uuidString.prefix(8)).lowercased()
        let setup = try DistrictSetup(
            database: String(URLComponents(string: adminURL)!.path.dropFirst()),
            agents: agents.sorted { $0.key < $1.key }.map { DistrictSetup.Agent(role: "\($0.key)_\(suffix)", sites: $0.value) },
            readers: readers.map { "\($0)_\(suffix)" }, owners: [])
        _ = try setup.apply(location: PostgresLocation(url: adminURL))
        let password = "pw-\(suffix)"
        try TestPostgres.administer(adminURL) { runner in
            for role in agents.keys.map({ "\($0)_\(suffix)" }) + readers.map({ "\($0)_\(suffix)" }) {
                try runner.execute("ALTER ROLE \(role) PASSWORD '\(password)'", [])
            }
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(suffix)").path
        try password.write(toFile: file, atomically: true, encoding: .utf8)
        return District(adminURL: adminURL, suffix: suffix, passwordFile: file)
    }

    func camera(_ mac: String, _ address: String) -> DeviceSighting {
        helper.sighting(key: mac, mac: mac, address: address, [(ObservationField.httpServer, "Hikvision-Webs")])
    }

    @Test func anAgentWritesAndReadsOnlyItsOwnSites() throws {
        guard let district = try district(agents: ["lincoln": ["Lincoln High"], "roosevelt": ["Roosevelt Elementary"]]) else { return }
        let lincoln = try district.open("lincoln_\(district.suffix)")
        let roosevelt = try district.open("roosevelt_\(district.suffix)")
        _ = try helper.scan(lincoln, [camera("bc:ad:28:00:00:01", "10.1.0.10")], site: "Lincoln High")
        _ = try helper.scan(roosevelt, [camera("bc:ad:28:00:00:02", "10.2.0.10")], site: "Roosevelt Elementary")

        // Another site's scan, or one without a site, is refused.
        #expect(throws: (any Error).self) { _ = try helper.scan(lincoln, [camera("bc:ad:28:00:00:03", "10.2.0.11")], site: "Roosevelt Elementary") }
        #expect(throws: (any Error).self) { _ = try helper.scan(lincoln, [camera("bc:ad:28:00:00:04", "10.1.0.12")], site: nil) }
        // It sees its own scans and evidence only, and no decisions or district facts.
        #expect(try lincoln.scanRecords(site: nil).map(\.site) == ["Lincoln High"])
        let all = try district.open("board_\(district.suffix)").inventory(site: nil)
        #expect(all.count == 2)
        let rooseveltCamera = try #require(all.first { $0.site == "Roosevelt Elementary" })
        #expect(try lincoln.observations(device: rooseveltCamera.deviceID).isEmpty)
        #expect(throws: (any Error).self) { _ = try lincoln.facts(site: nil) }
        #expect(throws: (any Error).self) { try lincoln.mark(device: rooseveltCamera.deviceID, status: "removed", note: "", by: "x") }

        // A camera moved from Roosevelt to Lincoln stays one device, now at Lincoln.
        _ = try helper.scan(lincoln, [camera("bc:ad:28:00:00:02", "10.1.0.99")], site: "Lincoln High")
        let after = try district.open("board_\(district.suffix)").inventory(site: nil)
        #expect(after.count == 2)
        #expect(after.first { $0.deviceID == rooseveltCamera.deviceID }?.site == "Lincoln High")

        // The reader reads everything and writes nothing.
        let board = try district.open("board_\(district.suffix)")
        #expect(try board.scanRecords(site: nil).count == 3)
        #expect(throws: (any Error).self) { _ = try helper.scan(board, [camera("bc:ad:28:00:00:05", "10.1.0.13")], site: "Lincoln High") }
    }

    @Test func pushSendsEachFinishedScanOnceAndKeepsMovedDevicesOne() throws {
        guard let url = try TestPostgres.freshDatabaseURL() else { return }
        let server = try InventoryStore.open(url)
        _ = try helper.scan(server, [camera("bc:ad:28:00:00:09", "10.3.0.9")], site: "Jefferson High")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("local-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let local = try InventoryStore(path: path)
        _ = try helper.scan(local, [camera("bc:ad:28:00:00:09", "10.1.0.50"), camera("bc:ad:28:00:00:10", "10.1.0.51")], site: "Lincoln High")
        let running = try local.beginScan(ScanDescription(kind: .passive, scope: "eth0", site: "Lincoln High", settings: .object([]), tableVersion: "t", policyVersion: "p"))
        try local.record([camera("bc:ad:28:00:00:11", "10.1.0.52")], scan: running)

        let first = try local.push(into: server)
        #expect(first.scansSent == 1 && first.scansStillRunning == 1 && first.scansAlreadyThere == 0)
        let counts = { try server.database.read { db in
            try ["device", "observation", "conclusion", "sighting", "scan", "device_address"].map { try db.value("SELECT COUNT(*) FROM \($0)", as: Int.self) ?? -1 }
        } }
        let before = try counts()
        let second = try local.push(into: server)
        #expect(second.scansSent == 0 && second.scansAlreadyThere == 1)
        #expect(try counts() == before)
        // The camera seen at Jefferson and then at Lincoln is one device, now at Lincoln.
        let rows = try server.inventory(site: nil)
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.site == "Lincoln High" })
        #expect(Set(rows.first { $0.mac == "bc:ad:28:00:00:09" }?.addresses ?? []) == ["10.3.0.9", "10.1.0.50"])

        // Once the running scan finishes it goes with the next push.
        try local.finishScan(running)
        #expect(try local.push(into: server).scansSent == 1)
        #expect(try server.inventory(site: nil).count == 3)
    }

    @Test func anAgentWhoseServerGoesAwayKeepsTheScanAndPushesItLater() throws {
        guard let url = try TestPostgres.freshDatabaseURL() else { return }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        var components = URLComponents(string: url)!
        let relay = try TCPRelay(upstreamPort: UInt16(components.port!))
        components.port = Int(relay.port)
        let relayed = components.string!
        let notes = NoteLog()
        let agent = AgentInventory(local: try InventoryStore(path: path), pushInterval: 0, report: { notes.add($0) }) {
            try InventoryStore.open(relayed)
        }
        let scan = try agent.beginScan(ScanDescription(kind: .passive, scope: "eth0", site: "Lincoln High", settings: .object([]), tableVersion: "t", policyVersion: "p"))
        #expect(scan > 0)
        try agent.record([camera("bc:ad:28:00:01:01", "10.1.1.1")], scan: scan)
        // The network to the server is cut: the scan goes on locally.
        relay.cut()
        try agent.record([camera("bc:ad:28:00:01:02", "10.1.1.2")], scan: scan)
        #expect(notes.all.contains { $0.contains("went away during scan \(scan)") })
        // The server answers again: finishing the scan pushes what was kept locally.
        try relay.restore()
        try agent.finishScan(scan)

        let server = try InventoryStore.open(url)
        // What reached the server before the cut, and the rest pushed after it: both devices.
        #expect(Set(try server.inventory(site: nil).compactMap(\.mac)) == ["bc:ad:28:00:01:01", "bc:ad:28:00:01:02"])
        #expect(try server.scans().map(\.status).sorted() == ["complete", "interrupted"])
        // A transient drop of the session alone is survived by reconnecting.
        let again = try agent.beginScan(ScanDescription(kind: .active, scope: "10.1.1.0/24", site: "Lincoln High", settings: .object([]), tableVersion: "t", policyVersion: "p"))
        try TestPostgres.administer(url) { try $0.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()", [String(components.path.dropFirst())]) }
        try agent.record([camera("bc:ad:28:00:01:03", "10.1.1.3")], scan: again)
        try agent.finishScan(again)
        #expect(try server.inventory(site: nil).count == 3)

        // Recorded in full, but the server goes away as the scan closes: it is closed, as
        // complete, when the server answers again.
        let closing = try agent.beginScan(ScanDescription(kind: .active, scope: "10.1.2.0/24", site: "Lincoln High", settings: .object([]), tableVersion: "t", policyVersion: "p"))
        try agent.record([camera("bc:ad:28:00:01:04", "10.1.2.4")], scan: closing)
        relay.cut()
        try agent.finishScan(closing)
        try relay.restore()
        agent.pushIfDue(force: true)
        #expect(try server.scanRecords(site: nil).first { $0.id == closing }?.status == "complete")
        #expect(try server.scanRecords(site: nil).first { $0.id == closing }?.devices == 1)
    }

    /// A network that goes silent without closing the connection (a partition) must not hold a
    /// writer for as long as the kernel keeps the socket: the statement is given up at the
    /// deadline, as a lost server, so an agent's fallback to its local inventory takes over.
    @Test(.timeLimit(.minutes(1))) func aServerThatStopsAnsweringIsGivenUpAtTheDeadline() throws {
        guard let url = try TestPostgres.freshDatabaseURL() else { return }
        var components = URLComponents(string: url)!
        let relay = try TCPRelay(upstreamPort: UInt16(components.port!))
        components.port = Int(relay.port)
        let store = try InventoryStore.open(components.string!, statementDeadline: 2)
        let scan = try store.beginScan(ScanDescription(kind: .passive, scope: "eth0", site: "Lincoln High", settings: .object([]), tableVersion: "t", policyVersion: "p"))
        relay.freeze()
        let started = Date()
        do {
            try store.record([camera("bc:ad:28:00:02:01", "10.1.2.1")], scan: scan)
            Issue.record("a statement through a silent network succeeded")
        } catch {
            #expect(InventoryStore.isServerLoss(error), "\(error)")
            #expect("\(error)".contains("did not answer within 2 s"), "\(error)")
        }
        #expect(Date().timeIntervalSince(started) < 20)
    }

    @Test func verifyFullChecksTheServerCertificate() throws {
        guard let server = TestPostgres.serverURL, let ca = TestPostgres.certificateAuthority else {
            if TestPostgres.skipped { return }
            throw TestPostgres.Missing()
        }
        let port = URLComponents(string: server)!.port!
        let verified = try InventoryStore.open("postgres://postgres@localhost:\(port)/postgres?sslmode=verify-full&sslrootcert=\(ca)")
        #expect(try verified.scans().isEmpty || true)
        // The system's roots do not know the test CA: the connection is refused, and says why.
        do {
            _ = try InventoryStore.open("postgres://postgres@localhost:\(port)/postgres?sslmode=verify-full")
            Issue.record("a server certificate from an unknown CA was accepted")
        } catch {
            #expect("\(error)".contains("TLS"))
        }
    }

    @Test func errorsSayWhatIsWrongAndWhatToDo() throws {
        guard let url = try TestPostgres.freshDatabaseURL() else { return }
        let components = URLComponents(string: url)!
        let port = components.port!
        func message(_ text: String, passwordFile: String? = nil) -> String {
            do {
                _ = try InventoryStore.open(text, passwordFile: passwordFile)
                return "opened"
            } catch {
                return "\(error)"
            }
        }
        #expect(message("mysql://db/x").contains("postgres://"))
        #expect(message("postgres://u:secret@127.0.0.1:\(port)/x").contains("carries a password"))
        #expect(message("postgres://postgres@127.0.0.1:\(port)/no_such_db?sslmode=disable").contains("has no database 'no_such_db'"))
        let wrong = FileManager.default.temporaryDirectory.appendingPathComponent("wrong-\(UUID().uuidString)").path
        try "not-the-password".write(toFile: wrong, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: wrong) }
        let role = "nobody_\(UUID().uuidString.prefix(8).lowercased())"
        try TestPostgres.administer(url) { try $0.execute("CREATE ROLE \(role) LOGIN PASSWORD 'right'", []) }
        #expect(message("postgres://\(role)@127.0.0.1:\(port)\(components.path)?sslmode=disable", passwordFile: wrong).contains("refused the login of '\(role)'"))
        // Nothing listens on port 1: unreachable, which a scan survives by keeping it locally.
        do {
            _ = try InventoryStore.open("postgres://postgres@127.0.0.1:1/x?sslmode=disable")
            Issue.record("opened a server that is not there")
        } catch {
            #expect(error is StoreConnectionError)
        }
    }

    @Test func bothBackendsKnowTheSameSchemaVersions() throws {
        guard let url = try TestPostgres.freshDatabaseURL() else { return }
        let server = try InventoryStore.open(url)
        #expect(try server.database.read { try $0.values("SELECT version FROM camaudit_schema ORDER BY applied_at, version", as: String.self) }.sorted() == SchemaVersion.all.sorted())
        let local = try InventoryStore()
        #expect(try local.database.read { try $0.values("SELECT identifier FROM grdb_migrations", as: String.self) } == SchemaVersion.all)
    }
}

final class NoteLog: @unchecked Sendable {
    private let lock = NSLock()
    private var notes: [String] = []
    func add(_ note: String) { lock.withLock { notes.append(note) } }
    var all: [String] { lock.withLock { notes } }
}
