import ArgumentParser
import CamAuditMatching
import CamAuditModel
import CamAuditSignatures
import CamAuditStore
import Foundation

/// `--db` and `--site`, shared by every command that reads or writes the inventory.
struct InventoryOptions: ParsableArguments {
    @Option(help: "Inventory database (default: /var/lib/camaudit/inventory.sqlite as root, ~/.local/share/camaudit/inventory.sqlite otherwise).")
    var db: String?

    @Option(help: "School or site name the devices belong to (reports group by it).")
    var site: String?

    var path: String { db ?? InventoryStore.defaultPath }

    func open() throws -> any InventoryBackend {
        do {
            return try InventoryStore(path: path)
        } catch {
            throw RuntimeFailure(description: "cannot open the inventory at \(path): \(error); check the path and its permissions, or pass --db")
        }
    }
}

/// Writes one batch of classified devices as a scan of the given kind.
enum InventoryRecorder {
    static func record(_ sightings: [DeviceSighting], kind: EvidenceSource.Kind, scope: String, settings: JSONValue, options: InventoryOptions) throws -> Int64 {
        let store = try options.open()
        let set = BuiltInSignatures.set
        let scan = try store.beginScan(ScanDescription(
            kind: kind, scope: scope, site: options.site, settings: settings,
            tableVersion: BuiltInSignatures.table.version, policyVersion: set.policy.version))
        try store.record(sightings, scan: scan)
        try store.finishScan(scan)
        return scan
    }
}
