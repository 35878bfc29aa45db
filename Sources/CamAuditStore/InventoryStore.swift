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
    /// Written into the scans this store begins, so that another process opening the inventory
    /// can tell a scan still being written from one whose writer died.
    let owner = ScanOwner.opening()

    /// Opens (creating and migrating when needed) the inventory at `path`.
    ///
    /// `pageCacheKiB` is SQLite's page cache per connection (its default is 2,000 KiB) and
    /// `readers` the most concurrent read connections; the daemon keeps both small because it
    /// lives for months while a CLI command lives for seconds.
    public init(path: String, pageCacheKiB: Int = 2_000, readers: Int = 5) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.maximumReaderCount = max(1, readers)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -\(max(64, pageCacheKiB))")
        }
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

    deinit { owner.closed() }

    /// Frees SQLite's caches and closes idle read connections; they reopen on the next read.
    public func releaseMemory() {
        if let pool = database as? DatabasePool {
            pool.releaseMemory()
        } else if let queue = database as? DatabaseQueue {
            queue.releaseMemory()
        }
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
    /// A scan whose writer is still running (the daemon's passive scan, a scan in another
    /// terminal) is left alone; one without an owner predates owners and is treated as dead.
    private func abandonInterruptedScans() throws {
        try database.write { db in
            let running = try Row.fetchAll(db, sql: "SELECT id, owner FROM scan WHERE status = 'running'")
            for row in running {
                let owner = (row["owner"] as String?).flatMap(ScanOwner.init(serialized:))
                if owner?.isAlive == true { continue }
                try db.execute(sql: "UPDATE scan SET status = 'interrupted' WHERE id = ?", arguments: [row["id"] as Int64])
            }
        }
    }
}
