import CamAuditModel
import Foundation
import GRDB

/// The inventory: raw evidence (observations with their source) kept apart from conclusions
/// (identity and verdict, with the table and policy versions that produced them), devices
/// anchored by MAC, serial or address, and every scan with its scope and settings.
///
/// SQLite through GRDB in WAL mode, one writer. Reports and `reclassify` read from here.
public final class InventoryStore: Sendable {
    let database: any DatabaseWriter

    /// Opens (creating and migrating when needed) the inventory at `path`.
    public init(path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        let pool = try DatabasePool(path: path, configuration: configuration)
        database = pool
        try Self.migrator.migrate(pool)
        try abandonInterruptedScans()
    }

    /// An in-memory inventory, for tests and dry runs.
    public init() throws {
        let queue = try DatabaseQueue()
        database = queue
        try Self.migrator.migrate(queue)
    }

    /// Default location: the service's state directory as root, the user's data directory otherwise.
    public static var defaultPath: String {
        if geteuid() == 0 { return "/var/lib/camaudit/inventory.sqlite" }
        let base = ProcessInfo.processInfo.environment["XDG_DATA_HOME"]
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
        return (base as NSString).appendingPathComponent("camaudit/inventory.sqlite")
    }

    /// A scan killed part way (power cut, kill -9) stays consistent thanks to SQLite's
    /// transactions, but is marked so that diffs and reports do not mistake it for complete.
    private func abandonInterruptedScans() throws {
        try database.write { db in
            try db.execute(sql: "UPDATE scan SET status = 'interrupted' WHERE status = 'running'")
        }
    }
}
