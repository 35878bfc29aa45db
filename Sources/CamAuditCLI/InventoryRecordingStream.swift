import CamAuditModel
import CamAuditSignatures
import CamAuditStore
import Foundation

/// A scan written to the inventory in batches while its devices are being classified, so a
/// capture of a hundred thousand devices is recorded without holding them all.
///
/// A district inventory that cannot be reached loses nothing: if
/// it is out of reach at the start, the scan goes to this machine's own inventory; if it goes
/// away part way, `lost` says so and the caller writes the devices again into a local scan
/// (`local(…)`), since the server's copy is then incomplete.
final class InventoryRecordingStream {
    static let batchSize = 1024

    private let options: InventoryOptions
    private let store: InventoryStore
    let scan: Int64
    /// Where the scan is: the inventory asked for, or the local one.
    let path: String
    /// Why the scan went to the local inventory from the start, if it did.
    let keptLocallyBecause: String?
    /// Why the district inventory was lost part way, if it was; nothing more is written then.
    private(set) var lost: String?
    /// Any other error that stopped the writing (a full disk, a refused write): the caller
    /// finishes its other outputs and then reports it.
    private(set) var failure: (any Error)?
    private(set) var recorded = 0
    private var batch: [DeviceSighting] = []

    init(kind: EvidenceSource.Kind, scope: String, settings: JSONValue, options: InventoryOptions) throws {
        let description = ScanDescription(
            kind: kind, scope: scope, site: options.site, settings: settings,
            tableVersion: BuiltInSignatures.table.version, policyVersion: BuiltInSignatures.set.policy.version)
        self.options = options
        do {
            let store = try options.open()
            (self.store, scan, path, keptLocallyBecause) = (store, try store.beginScan(description), options.path, nil)
        } catch let failure as RuntimeFailure where options.isPostgreSQL && failure.serverUnreachable {
            (store, scan, path, keptLocallyBecause) = try Self.openLocal(description, because: failure.description)
        } catch where options.isPostgreSQL && InventoryStore.isServerLoss(error) {
            (store, scan, path, keptLocallyBecause) = try Self.openLocal(description, because: "\(error)")
        }
    }

    /// A scan in this machine's own inventory, for the devices of a stream whose server was lost.
    static func local(kind: EvidenceSource.Kind, scope: String, settings: JSONValue, options: InventoryOptions) throws -> InventoryRecordingStream {
        var localOptions = options
        localOptions.db = InventoryStore.defaultPath
        return try InventoryRecordingStream(kind: kind, scope: scope, settings: settings, options: localOptions)
    }

    private static func openLocal(_ description: ScanDescription, because reason: String) throws -> (InventoryStore, Int64, String, String?) {
        let local = InventoryStore.defaultPath
        let store = try InventoryStore(path: local)
        return (store, try store.beginScan(description), local, reason)
    }

    func add(_ sighting: DeviceSighting) {
        guard lost == nil, failure == nil else { return }
        batch.append(sighting)
        if batch.count >= Self.batchSize { flush() }
    }

    private func flush() {
        defer { batch.removeAll(keepingCapacity: true) }
        guard lost == nil, failure == nil, !batch.isEmpty else { return }
        do {
            try store.record(batch, scan: scan)
            recorded += batch.count
        } catch where options.isPostgreSQL && keptLocallyBecause == nil && InventoryStore.isServerLoss(error) {
            lost = "\(error)"
        } catch {
            failure = error
        }
    }

    /// Writes what is left and closes the scan. After `lost` or `failure` the scan stays open
    /// and is reported interrupted when the inventory is next opened; after `lost` the caller's
    /// local scan has every device.
    func finish() {
        flush()
        guard lost == nil, failure == nil else { return }
        do {
            try store.finishScan(scan)
        } catch where options.isPostgreSQL && keptLocallyBecause == nil && InventoryStore.isServerLoss(error) {
            lost = "\(error)"
        } catch {
            failure = error
        }
    }

    /// Throws when recording failed: the scan stays interrupted in the store. `outputComplete`:
    /// the command's own output was written in full before (analyze, listen).
    func throwIfFailed(command: String, outputComplete: Bool = false) throws {
        guard let failure else { return }
        throw RuntimeFailure(description: "\(command): recording scan \(scan) in \(path) stopped after \(recorded) devices: \(failure); \(outputComplete ? "the output above is complete, " : "")the scan is left interrupted; fix the cause (free space, permissions) and run the command again")
    }

    /// For the local scan that took over from a server lost part way: throws when this one
    /// failed too, otherwise prints that the server's copy is incomplete and where every device is.
    func reportServerLoss(command: String, serverScan: Int64, reason: String, serverPath: String) throws {
        if let failure {
            throw RuntimeFailure(description: "\(command): the district inventory went away during scan \(serverScan) (\(reason)), and recording the devices in \(path) stopped after \(recorded): \(failure)")
        }
        Output.error("camaudit \(command): the district inventory went away during scan \(serverScan) (\(reason)); that scan is incomplete there")
        Output.error("camaudit \(command): recorded \(recorded) devices as scan \(scan) in \(path); send it when the server is back: camaudit inventory push --from \(path) --db '\(serverPath)'")
    }

    /// The lines that tell where the scan is, and how to send it on when it was kept locally.
    func summary(command: String, serverPath: String) -> [String] {
        var lines = ["camaudit \(command): recorded \(recorded) devices as scan \(scan) in \(path)"]
        if let keptLocallyBecause {
            lines.append("camaudit: \(keptLocallyBecause)")
            lines.append("camaudit: the scan is kept in \(path) as scan \(scan); send it when the server is back: camaudit inventory push --from \(path) --db '\(serverPath)'")
        }
        return lines
    }
}
