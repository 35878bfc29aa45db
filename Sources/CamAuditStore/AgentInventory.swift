import CamAuditModel
import Foundation

/// A school's agent writing into the district's PostgreSQL inventory, with its own SQLite
/// inventory to fall back on: a scan begun while the server is out of reach, or whose server
/// goes away part way, goes on locally, and every finished local scan is pushed when the
/// server answers again (after the next finished scan, or a minute after the last attempt).
/// Nothing is lost: the server keeps what it received, the rest waits locally.
///
/// Scan ids: the server's as they are; a local scan's is negative (-id), so that the two
/// numberings never meet in the caller's hands.
public final class AgentInventory: InventoryBackend, @unchecked Sendable {
    public let local: InventoryStore
    private let openRemote: @Sendable () throws -> InventoryStore
    private let lock = NSLock()
    private var remote: InventoryStore?
    private var descriptions: [Int64: ScanDescription] = [:]
    /// A server scan that went on locally after the server went away.
    private var continuedLocally: [Int64: Int64] = [:]
    /// Server scans recorded in full whose closing the server did not get, with their time.
    private var pendingFinishes: [Int64: Date] = [:]
    private var lastPushAttempt = Date.distantPast
    /// A server that does not answer can take the connect timeout to say so: tried again only
    /// after `pushInterval`, so a scan is never held up by it more than once a minute.
    private var lastConnectAttempt = Date.distantPast
    private let pushInterval: TimeInterval
    /// What happened, for the daemon's log: "kept locally", "pushed N scans".
    private let report: @Sendable (String) -> Void

    public init(local: InventoryStore, pushInterval: TimeInterval = 60, report: @escaping @Sendable (String) -> Void = { _ in },
                openRemote: @escaping @Sendable () throws -> InventoryStore) {
        self.local = local
        self.openRemote = openRemote
        self.pushInterval = pushInterval
        self.report = report
        lock.withLock {
            lastConnectAttempt = Date()
            remote = try? openRemote()
        }
        if remote == nil { report("the district inventory is out of reach; recording locally in \(local.location)") }
    }

    public func beginScan(_ description: ScanDescription, at time: Date) throws -> Int64 {
        try lock.withLock {
            if let server = reachableRemote() {
                do {
                    let id = try server.beginScan(description, at: time)
                    descriptions[id] = description
                    return id
                } catch where Self.isConnectionLoss(error) {
                    lostServer(error)
                }
            }
            return -(try local.beginScan(description, at: time))
        }
    }

    public func record(_ sightings: [DeviceSighting], scan: Int64) throws {
        try lock.withLock {
            if scan > 0, continuedLocally[scan] == nil {
                if let server = remote {
                    do {
                        try server.record(sightings, scan: scan)
                        return
                    } catch where Self.isConnectionLoss(error) {
                        lostServer(error)
                    }
                }
                guard let description = descriptions[scan] else { throw StoreError("scan \(scan) was not begun by this agent") }
                continuedLocally[scan] = try local.beginScan(description)
                report("the district inventory went away during scan \(scan); it goes on locally as scan \(continuedLocally[scan]!)")
            }
            try local.record(sightings, scan: localID(scan))
        }
        pushIfDue()
    }

    public func finishScan(_ scan: Int64, at time: Date) throws {
        try lock.withLock {
            descriptions[scan] = nil
            if scan > 0, continuedLocally[scan] == nil {
                if let server = remote {
                    do {
                        try server.finishScan(scan, at: time)
                        return
                    } catch where Self.isConnectionLoss(error) {
                        lostServer(error)
                    }
                }
                // Everything was recorded on the server; only closing it failed: it is closed
                // when the server answers again.
                pendingFinishes[scan] = time
                return
            }
            try local.finishScan(localID(scan), at: time)
            continuedLocally[scan] = nil
            lastPushAttempt = .distantPast
        }
        pushIfDue()
    }

    /// Sends finished local scans to the server when it answers; returns what was sent.
    @discardableResult
    public func pushIfDue(force: Bool = false) -> PushSummary? {
        lock.withLock {
            guard force || Date().timeIntervalSince(lastPushAttempt) >= pushInterval else { return nil }
            lastPushAttempt = Date()
            guard let server = reachableRemote() else { return nil }
            do {
                let summary = try local.push(into: server)
                if summary.scansSent > 0 { report("pushed \(summary.scansSent) locally kept scans to \(server.location)") }
                return summary
            } catch {
                if Self.isConnectionLoss(error) { lostServer(error) } else { report("push to the district inventory failed: \(error)") }
                return nil
            }
        }
    }

    /// Decisions, facts and reclassification are the district's: made on its server, never
    /// kept locally where no push would carry them.
    public func mark(device: Int64, status: String, note: String, by person: String, at time: Date) throws {
        try onServer { try $0.mark(device: device, status: status, note: note, by: person, at: time) }
    }

    public func inventory(site: String?) throws -> [InventoryRow] { try reading { try $0.inventory(site: site) } }
    public func scans() throws -> [ScanSummary] { try reading { try $0.scans() } }
    public func diff(from: Int64?, to: Int64?) throws -> InventoryDiff { try reading { try $0.diff(from: from, to: to) } }
    public func latestChangesBySite() throws -> [(site: String?, diff: InventoryDiff)] { try reading { try $0.latestChangesBySite() } }
    public func reclassify(tableVersion: String, policyVersion: String, using classify: ([Observation]) -> Classification) throws -> [Reclassification] {
        try onServer { try $0.reclassify(tableVersion: tableVersion, policyVersion: policyVersion, using: classify) }
    }
    public func releaseMemory() { local.releaseMemory() }
    public func recordFacts(_ facts: [DistrictFact]) throws { try onServer { try $0.recordFacts(facts) } }
    public func facts(site: String?) throws -> [DistrictFact] { try reading { try $0.facts(site: site) } }
    public func scanRecords(site: String?) throws -> [ScanRecord] { try reading { try $0.scanRecords(site: site) } }
    public func observations(device: Int64) throws -> [StoredObservation] { try reading { try $0.observations(device: device) } }

    /// Reports read the district's inventory; while it is out of reach, the local one.
    private func reading<T>(_ body: (InventoryStore) throws -> T) throws -> T {
        let server = lock.withLock { reachableRemote() }
        if let server {
            do { return try body(server) } catch where Self.isConnectionLoss(error) { lock.withLock { lostServer(error) } }
        }
        return try body(local)
    }

    private func onServer<T>(_ body: (InventoryStore) throws -> T) throws -> T {
        guard let server = lock.withLock({ reachableRemote() }) else {
            throw StoreConnectionError(description: "the district inventory is out of reach; decisions, facts and reclassify are made on it, try again when it answers")
        }
        return try body(server)
    }

    private func localID(_ scan: Int64) -> Int64 { scan < 0 ? -scan : continuedLocally[scan] ?? scan }

    /// Call with `lock` held.
    private func reachableRemote() -> InventoryStore? {
        if let remote { return remote }
        guard Date().timeIntervalSince(lastConnectAttempt) >= pushInterval else { return nil }
        lastConnectAttempt = Date()
        remote = try? openRemote()
        guard let server = remote else { return nil }
        report("the district inventory answers again")
        for (scan, time) in pendingFinishes.sorted(by: { $0.key < $1.key }) where (try? server.finishScan(scan, at: time)) != nil {
            pendingFinishes[scan] = nil
        }
        return server
    }

    private func lostServer(_ error: any Error) {
        remote = nil
        report("lost the district inventory: \(error); recording locally in \(local.location)")
    }

    static func isConnectionLoss(_ error: any Error) -> Bool { PostgresErrors.isConnectionLoss(error) }
}
