import CamAuditModel
import CamAuditReports
import CamAuditSignatures
import CamAuditStore
import Foundation

/// A district inventory (issue 15): SITES schools of DEVICES devices with OBSERVATIONS
/// observations each, one scan per school, written by AGENTS concurrent agents (each its own
/// connection) into PostgreSQL, or by one writer into SQLite; then the district's board
/// report. One device in a hundred is also seen at the neighbouring school (a camera moved),
/// so agents meet on shared devices as a district's do.
public enum DistrictInventoryBenchmark {
    public static let usage = "district --db PATH|URL [--sites N] [--devices-per-site N] [--observations N] [--agents N] [--agent-roles] [--report-only]"

    public static func run(_ arguments: [String]) throws {
        var db: String?
        var sites = 200, perSite = 500, observationsPerDevice = 40, agents = 8
        var index = 0
        var reportOnly = false, agentRoles = false
        while index < arguments.count {
            if arguments[index] == "--report-only" || arguments[index] == "--agent-roles" {
                if arguments[index] == "--report-only" { reportOnly = true } else { agentRoles = true }
                index += 1
                continue
            }
            let value = index + 1 < arguments.count ? arguments[index + 1] : ""
            switch arguments[index] {
            case "--db": db = value
            case "--sites": sites = Int(value) ?? sites
            case "--devices-per-site": perSite = Int(value) ?? perSite
            case "--observations": observationsPerDevice = Int(value) ?? observationsPerDevice
            case "--agents": agents = Int(value) ?? agents
            default: throw StoreError("unknown argument \(arguments[index]); usage: \(usage)")
            }
            index += 2
        }
        guard let db else { throw StoreError("usage: \(usage)") }
        let postgres = PostgresLocation.looksLikeURL(db)
        if !postgres && !reportOnly {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
            agents = 1
        }
        let first = try InventoryStore.open(db)
        let workload = Workload(observationsPerDevice: observationsPerDevice)
        let set = BuiltInSignatures.set
        if reportOnly { return try report(first) }
        print("district: \(sites) sites × \(perSite) devices × \(observationsPerDevice) observations, \(agents) agent\(agents == 1 ? "" : "s") into \(first.location)")

        // With --agent-roles each agent logs in as its own role (init-postgres's camaudit_agent,
        // its schools only), so row security's checks are in the figures.
        let (siteCount, devicesPerSite, agentCount) = (sites, perSite, agents)
        let agentLocation = try agentRoles ? agentLogins(db, sites: siteCount, agents: agentCount) : nil
        let start = MatcherBenchmark.now()
        let failures = FailureLog()
        // One thread per agent, as separate agents are: each blocks on its own server round
        // trips (concurrentPerform would run only as many as there are cores).
        let done = DispatchGroup()
        for agent in 0..<agentCount {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                runAgent(agent)
            }
        }
        done.wait()
        @Sendable func runAgent(_ agent: Int) {
            do {
                let store = try agentLocation.map { try InventoryStore.open($0.url(agent), passwordFile: $0.passwordFile) }
                    ?? (agent == 0 ? first : try InventoryStore.open(db))
                for site in stride(from: agent, to: siteCount, by: agentCount) {
                    let scan = try store.beginScan(ScanDescription(
                        kind: .active, scope: "10.\(site / 250).\(site % 250).0/23", site: String(format: "school-%03d", site),
                        settings: .object([]), tableVersion: BuiltInSignatures.table.version, policyVersion: set.policy.version))
                    var batch: [DeviceSighting] = []
                    for device in 0..<devicesPerSite {
                        batch.append(workload.sighting(site: site, device: device))
                        if batch.count == 250 {
                            try store.record(batch, scan: scan)
                            batch.removeAll(keepingCapacity: true)
                        }
                    }
                    try store.record(batch, scan: scan)
                    try store.finishScan(scan)
                }
            } catch {
                failures.add("agent \(agent): \(error)")
            }
        }
        if let failure = failures.first { throw StoreError(failure) }
        let writeTime = MatcherBenchmark.now() - start
        let total = sites * perSite * observationsPerDevice
        print(String(format: "write: %d observations in %.1f s (%.0f observations/s, %.0f devices/s)", total, writeTime, Double(total) / writeTime, Double(sites * perSite) / writeTime))

        try report(first)
    }

    /// The district's board report from the inventory as it is, timed by part.
    static func report(_ first: InventoryStore) throws {
        let set = BuiltInSignatures.set
        let reportStart = MatcherBenchmark.now()
        let rows = try first.inventory(site: nil).count
        let listed = MatcherBenchmark.now()
        let changes = try first.latestChangesBySite().count
        let compared = MatcherBenchmark.now()
        let report = try BoardReport(store: first, site: nil, policy: set.policy, tableVersion: BuiltInSignatures.table.version)
        let built = MatcherBenchmark.now()
        let html = HTMLReportRenderer().render(report)
        let rendered = MatcherBenchmark.now()
        print(String(format: "district report: %.1f s (%d devices, %d sites, HTML %.1f MB): reading %.1f s, rendering %.1f s; of the reading, devices %.1f s, per-site trends %.1f s (%d devices, %d sites)",
                     rendered - built + built - compared, report.rows.count, Set(report.rows.compactMap(\.site)).count, Double(html.utf8.count) / 1e6,
                     built - compared, rendered - built, listed - reportStart, compared - listed, rows, changes))
        print(String(format: "database: %.0f MB", Double(try first.databaseBytes()) / 1e6))
    }

    struct AgentLogins: Sendable {
        var server: String
        var passwordFile: String
        func url(_ agent: Int) -> String {
            var components = URLComponents(string: server)!
            components.user = "bench_agent_\(agent)"
            return components.string!
        }
    }

    /// Roles bench_agent_N, each given the schools agent N writes, with one password.
    static func agentLogins(_ db: String, sites: Int, agents: Int) throws -> AgentLogins {
        let location = try PostgresLocation(url: db)
        let setup = try DistrictSetup(database: location.database, agents: (0..<agents).map { agent in
            DistrictSetup.Agent(role: "bench_agent_\(agent)", sites: stride(from: agent, to: sites, by: agents).map { String(format: "school-%03d", $0) })
        }, readers: [], owners: [])
        _ = try setup.apply(location: location)
        try InventoryStore.open(db).setPasswords((0..<agents).map { "bench_agent_\($0)" }, password: "bench")
        let file = NSTemporaryDirectory() + "camaudit-bench-password"
        try "bench".write(toFile: file, atomically: true, encoding: .utf8)
        return AgentLogins(server: db, passwordFile: file)
    }

    /// Evidence like a district's: every fifth device a Hikvision or Dahua unit.
    struct Workload {
        let observations: [[Observation]]
        let classifications: [Classification]

        init(observationsPerDevice: Int) {
            let templates = InventoryBenchmark.evidenceTemplates
            let now = Date()
            observations = templates.map { template in
                (0..<observationsPerDevice).map { n in
                    let (field, value) = template[n % template.count]
                    return Observation(field: field, value: value, source: EvidenceSource(kind: .active, protocolName: "bench", port: 80, reference: "bench#\(n)", time: now))
                }
            }
            classifications = observations.map { BuiltInSignatures.classifier.classify(Array($0.prefix(4))) }
        }

        func sighting(site: Int, device: Int) -> DeviceSighting {
            // One in a hundred is the neighbouring school's device, moved here.
            let moved = device % 100 == 99 && site > 0
            let owner = moved ? site - 1 : site
            let unit = moved ? device - 1 : device
            // Universal MACs, as devices have: the store anchors them by MAC.
            let mac = String(format: "00:78:%02x:%02x:%02x:%02x", (owner >> 8) & 0xFF, owner & 0xFF, (unit >> 8) & 0xFF, unit & 0xFF)
            let template = device % observations.count
            let now = Date()
            var evidence = observations[template]
            var classification = classifications[template]
            if template == 1 {
                // A Dahua realm names the unit's own serial: each device its own.
                let realm = Observation(field: ObservationField.rtspRealm, value: String(format: "Login to 4J0186FPAG%03d%04d", owner % 1000, unit),
                                        source: evidence[0].source)
                for index in stride(from: 0, to: evidence.count, by: 2) { evidence[index] = realm }
                classification = BuiltInSignatures.classifier.classify(Array(evidence.prefix(4)))
            }
            return DeviceSighting(key: mac, mac: mac, macSource: .frame, addresses: ["10.\(site / 250).\(site % 250 + (device >> 8)).\(device & 0xFF)"],
                                  observations: evidence, classification: classification, firstSeen: now, lastSeen: now)
        }
    }
}

private final class FailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String] = []
    func add(_ failure: String) { lock.withLock { failures.append(failure) } }
    var first: String? { lock.withLock { failures.first } }
}
