import CamAuditModel
import Foundation

/// A scan as the inventory lists it.
public typealias ScanSummary = (id: Int64, kind: String, scope: String, startedAt: Date, status: String, devices: Int, covered: Int)

/// What the commands, reports and the daemon need from an inventory. `InventoryStore` (SQLite,
/// one per site) implements it; a district-wide roll-up (PostgreSQL) can implement it too
/// without touching the callers.
public protocol InventoryBackend: Sendable {
    /// Starts a scan; its status stays `running` until `finishScan`.
    func beginScan(_ description: ScanDescription, at time: Date) throws -> Int64
    /// Records devices of a scan atomically: evidence, conclusions, addresses, sightings.
    func record(_ sightings: [DeviceSighting], scan: Int64) throws
    /// Marks a scan complete with its counts.
    func finishScan(_ scan: Int64, at time: Date) throws
    /// Records what the district decided about a device.
    func mark(device: Int64, status: String, note: String, by person: String, at time: Date) throws

    func inventory(site: String?) throws -> [InventoryRow]
    func scans() throws -> [ScanSummary]
    func diff(from: Int64?, to: Int64?) throws -> InventoryDiff
    /// Per site, its latest complete scan against the previous one of the same kind.
    func latestChangesBySite() throws -> [(site: String?, diff: InventoryDiff)]
    func reclassify(tableVersion: String, policyVersion: String, using classify: ([Observation]) -> Classification) throws -> [Reclassification]
    /// Drops caches a long-running process does not need between bursts of work.
    func releaseMemory()

    // District facts and the evidence bundle (issue 17): InventoryStore+Facts, +Evidence.
    /// Appends facts in one transaction; a device must exist, a site is created if new.
    func recordFacts(_ facts: [DistrictFact]) throws
    /// Every fact entered, oldest first; with `site`, that site's and its devices' only.
    func facts(site: String?) throws -> [DistrictFact]
    /// Every scan with its scope, settings, timing and versions.
    func scanRecords(site: String?) throws -> [ScanRecord]
    /// A device's raw evidence, in the order it was recorded.
    func observations(device: Int64) throws -> [StoredObservation]
}

extension InventoryBackend {
    public func beginScan(_ description: ScanDescription) throws -> Int64 { try beginScan(description, at: Date()) }
    public func finishScan(_ scan: Int64) throws { try finishScan(scan, at: Date()) }
    public func mark(device: Int64, status: String, note: String, by person: String) throws {
        try mark(device: device, status: status, note: note, by: person, at: Date())
    }
    public func inventory() throws -> [InventoryRow] { try inventory(site: nil) }
    public func diff() throws -> InventoryDiff { try diff(from: nil, to: nil) }
}

extension InventoryStore: InventoryBackend {}

extension InventoryStore {
    /// True when an error means the district's server went away or could not be reached, so
    /// that what was being written can be kept locally instead.
    public static func isServerLoss(_ error: any Error) -> Bool { PostgresErrors.isConnectionLoss(error) }
}
