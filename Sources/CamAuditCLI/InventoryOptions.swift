import ArgumentParser
import CamAuditMatching
import CamAuditModel
import CamAuditSignatures
import CamAuditStore
import Foundation

/// `--db` and `--site`, shared by every command that reads or writes the inventory.
struct InventoryOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Inventory: a SQLite file (default: /var/lib/camaudit/inventory.sqlite as root, ~/.local/share/camaudit/inventory.sqlite otherwise) or a district's PostgreSQL, postgres://USER@HOST:PORT/DATABASE?sslmode=verify-full&sslrootcert=CA.pem (password from PGPASSWORD or ~/.pgpass, never in the URL).",
        valueName: "PATH|URL"))
    var db: String?

    @Option(help: "School or site name the devices belong to (reports group by it).")
    var site: String?

    /// The file path or URL, as given or the default.
    var path: String { db ?? InventoryStore.defaultPath }
    var isPostgreSQL: Bool { PostgresLocation.looksLikeURL(path) }

    func open() throws -> InventoryStore {
        do {
            return try InventoryStore.open(path)
        } catch let error as StoreError {
            throw RuntimeFailure(description: "cannot open the inventory \(path): \(error)")
        } catch let error as StoreConnectionError {
            throw RuntimeFailure(description: error.description, serverUnreachable: true)
        } catch {
            throw RuntimeFailure(description: "cannot open the inventory at \(path): \(error); check the path and its permissions, or pass --db")
        }
    }
}

/// Writes one batch of classified devices as a scan of the given kind.
///
/// A district inventory that cannot be reached, or goes away mid-scan, loses nothing: the scan
/// is recorded in this machine's own SQLite inventory instead, and `inventory push` sends it
/// when the server is back.
enum InventoryRecorder {
    static func record(_ sightings: [DeviceSighting], kind: EvidenceSource.Kind, scope: String, settings: JSONValue, options: InventoryOptions) throws -> Int64 {
        let description = ScanDescription(
            kind: kind, scope: scope, site: options.site, settings: settings,
            tableVersion: BuiltInSignatures.table.version, policyVersion: BuiltInSignatures.set.policy.version)
        do {
            return try record(sightings, description, into: options.open())
        } catch let failure as RuntimeFailure where options.isPostgreSQL && failure.serverUnreachable {
            return try keepLocally(sightings, description, options: options, because: failure.description)
        } catch let error as StoreConnectionError where options.isPostgreSQL {
            return try keepLocally(sightings, description, options: options, because: error.description)
        }
    }

    private static func record(_ sightings: [DeviceSighting], _ description: ScanDescription, into store: InventoryStore) throws -> Int64 {
        let scan = try store.beginScan(description)
        try store.record(sightings, scan: scan)
        try store.finishScan(scan)
        return scan
    }

    private static func keepLocally(_ sightings: [DeviceSighting], _ description: ScanDescription, options: InventoryOptions, because reason: String) throws -> Int64 {
        let local = InventoryStore.defaultPath
        let scan = try record(sightings, description, into: InventoryStore(path: local))
        Output.error("camaudit: \(reason)")
        Output.error("camaudit: the scan is kept in \(local) as scan \(scan); send it when the server is back: camaudit inventory push --from \(local) --db '\(options.path)'")
        return scan
    }
}
