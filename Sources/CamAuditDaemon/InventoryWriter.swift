import CamAuditCapture
import CamAuditModel
import CamAuditSignatures
import CamAuditStore
import Foundation
import Logging

/// The daemon's one writer to the inventory. Passive evidence goes into one `passive` scan per
/// site (begun when the site's first device is recorded, finished at shutdown), so reports and
/// diffs see it like any scan; only evidence not written before is written again.
public actor InventoryWriter {
    private let store: any InventoryBackend
    private let metrics: DaemonMetrics
    private let logger: Logger
    private var configuration: DaemonConfiguration
    /// Open passive scans by site name ("" for devices outside every configured site).
    private var scans: [String: Int64] = [:]
    /// Hashes of (device, field, value) already written, so repeated announcements are stored
    /// once; cleared when full, which only costs a repeated row.
    private var written: Set<Int> = []
    private var lastVerdicts: [String: Verdict] = [:]
    /// What the batches of the record under way wrote, per interface.
    private var pending: [String: (devices: Int, evidence: Int)] = [:]
    // A school's identified devices with tens of observations each fit many times over; a full
    // `written` holds about 1 MiB, where 262,144 entries held 4 MiB for as long as the daemon ran.
    private static let writtenCapacity = 65_536

    public init(store: any InventoryBackend, configuration: DaemonConfiguration, metrics: DaemonMetrics, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
    }

    public func apply(_ configuration: DaemonConfiguration) {
        self.configuration = configuration
    }

    /// The same inventory for reading: reports read it through this connection pool rather
    /// than opening a second store, and do not wait for the writer's queue.
    public nonisolated var reader: any InventoryBackend { store }

    /// After a burst of work (a scheduled run, a periodic record): SQLite's caches and idle
    /// read connections, then what glibc holds freed, go back to the system.
    public func releaseMemory() {
        store.releaseMemory()
        FreedMemory.handBack()
    }

    /// Records the identified devices of one capture with their new evidence; returns how many
    /// devices were written. Devices whose maker is unknown are counted, not stored.
    @discardableResult
    public func record(_ reports: [DeviceReport], interface: String) -> Int {
        let devices = recordBatch(reports, interface: interface)
        endRecording(interface: interface)
        return devices
    }

    /// One batch of a capture's devices (`PassiveAnalyzer.reportBatches`); `endRecording`
    /// then publishes the counts and logs the record once for all its batches.
    @discardableResult
    public func recordBatch(_ reports: [DeviceReport], interface: String) -> Int {
        var bySite: [String: [DeviceSighting]] = [:]
        var evidence = 0
        for report in reports where report.classification.verdict != .unknown {
            let key = "passive:\(report.key)"
            let fresh = report.observations.filter { observation in
                var hasher = Hasher()
                hasher.combine(key)
                hasher.combine(observation.field)
                hasher.combine(observation.value)
                return !written.contains(hasher.finalize())
            }
            guard !fresh.isEmpty || lastVerdicts[key] != report.classification.verdict else { continue }
            let site = report.addresses.lazy.compactMap { IPv4Network.parseAddress(Substring($0.description)) }
                .compactMap { self.configuration.site(containing: $0)?.name }.first ?? ""
            bySite[site, default: []].append(DeviceSighting(
                key: key, mac: report.mac?.description, macSource: report.macSource, addresses: report.addresses.map(\.description), observations: fresh,
                classification: report.classification, firstSeen: report.firstSeen, lastSeen: report.lastSeen))
            evidence += fresh.count
        }
        var devices = 0
        for (site, sightings) in bySite.sorted(by: { $0.key < $1.key }) {
            do {
                let scan = try openScan(site: site, interface: interface)
                try store.record(sightings, scan: scan)
                devices += sightings.count
                remember(sightings)
            } catch {
                metrics.storeWriteFailures.increment()
                logger.error("store.write.failed", metadata: ["store.error": "\(error)", "site.name": "\(site)", "capture.interface": "\(interface)"])
            }
        }
        pending[interface, default: (0, 0)].devices += devices
        pending[interface, default: (0, 0)].evidence += evidence
        return devices
    }

    /// Ends one record of a capture: counts, device metrics and the log line.
    public func endRecording(interface: String) {
        guard let (devices, evidence) = pending.removeValue(forKey: interface), evidence > 0 || devices > 0 else { return }
        metrics.evidenceRecorded.increment(by: Int64(evidence))
        refreshDeviceCounts()
        logger.info("store.recorded", metadata: ["capture.interface": "\(interface)", "store.devices": "\(devices)", "store.evidence": "\(evidence)"])
    }

    /// Records one complete batch as its own scan (an active scan), returning its id.
    public func recordScan(_ sightings: [DeviceSighting], description: ScanDescription) throws -> Int64 {
        let scan = try store.beginScan(description)
        try store.record(sightings, scan: scan)
        try store.finishScan(scan)
        refreshDeviceCounts()
        return scan
    }

    /// Closes every passive scan; called once at shutdown, after the captures have flushed.
    public func finish() {
        for (site, scan) in scans.sorted(by: { $0.key < $1.key }) {
            do {
                try store.finishScan(scan)
                logger.info("store.scan.finished", metadata: ["scan.id": "\(scan)", "site.name": "\(site)"])
            } catch {
                metrics.storeWriteFailures.increment()
                logger.error("store.scan.finish.failed", metadata: ["scan.id": "\(scan)", "store.error": "\(error)"])
            }
        }
        scans.removeAll()
    }

    public func refreshDeviceCounts() {
        guard let rows = try? store.inventory(site: nil) else { return }
        var counts: [String: Int] = [:]
        for row in rows { counts[row.verdict, default: 0] += 1 }
        metrics.setDevices(byVerdict: counts)
    }

    private func openScan(site: String, interface: String) throws -> Int64 {
        if let scan = scans[site] { return scan }
        let interfaces = configuration.listen.interfaces.joined(separator: ", ")
        let scope = "passive listening on \(interfaces.isEmpty ? interface : interfaces)" + (site.isEmpty ? " (addresses outside the configured sites)" : "")
        let description = ScanDescription(
            kind: .passive, scope: scope, site: site.isEmpty ? nil : site,
            settings: .object([("command", .string("daemon")), ("interfaces", .array(configuration.listen.interfaces.map(JSONValue.string)))]),
            tableVersion: BuiltInSignatures.table.version, policyVersion: BuiltInSignatures.set.policy.version)
        let scan = try store.beginScan(description)
        scans[site] = scan
        logger.info("store.scan.started", metadata: ["scan.id": "\(scan)", "site.name": "\(site)"])
        return scan
    }

    private func remember(_ sightings: [DeviceSighting]) {
        if written.count >= Self.writtenCapacity { written.removeAll(keepingCapacity: true) }
        if lastVerdicts.count >= Self.writtenCapacity { lastVerdicts.removeAll(keepingCapacity: true) }
        for sighting in sightings {
            lastVerdicts[sighting.key] = sighting.classification.verdict
            for observation in sighting.observations {
                var hasher = Hasher()
                hasher.combine(sighting.key)
                hasher.combine(observation.field)
                hasher.combine(observation.value)
                written.insert(hasher.finalize())
            }
        }
    }
}
