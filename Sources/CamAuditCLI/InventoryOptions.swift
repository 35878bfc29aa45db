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

/// Writes one batch of classified devices as a scan of the given kind, through the same
/// `InventoryRecordingStream` as the passive commands, so a district inventory that cannot be
/// reached, or goes away mid-scan, loses nothing: the scan is recorded in this machine's own
/// SQLite inventory instead, and `inventory push` sends it when the server is back.
enum InventoryRecorder {
    /// Records the devices and prints where the scan went (`camaudit COMMAND: recorded N
    /// devices as scan S in PATH`, unless `announce` is false because the caller sums its
    /// scans up itself) and, always, how to send it on when it was kept locally.
    @discardableResult
    static func record(_ sightings: [DeviceSighting], kind: EvidenceSource.Kind, scope: String, settings: JSONValue,
                       options: InventoryOptions, command: String, announce: Bool = true) throws -> Int64 {
        let stream = try InventoryRecordingStream(kind: kind, scope: scope, settings: settings, options: options)
        sightings.forEach(stream.add)
        stream.finish()
        try stream.throwIfFailed(command: command)
        guard let lost = stream.lost else {
            stream.summary(command: command, serverPath: options.path).dropFirst(announce ? 0 : 1).forEach(Output.error)
            return stream.scan
        }
        let local = try InventoryRecordingStream.local(kind: kind, scope: scope, settings: settings, options: options)
        sightings.forEach(local.add)
        local.finish()
        try local.reportServerLoss(command: command, serverScan: stream.scan, reason: lost, serverPath: options.path)
        return local.scan
    }
}
