import CamAuditModel
import Foundation
import GRDB

/// The inventory: raw evidence (observations with their source) kept apart from conclusions
/// (identity and verdict, with the table and policy versions that produced them), devices
/// anchored by MAC, serial or address, and every scan with its scope and settings.
///
/// One SQL layer over two backends: SQLite through GRDB in WAL mode (one machine, one
/// writer), or PostgreSQL through postgres-nio (a district: many agents, one inventory).
/// Reports and `reclassify` read from here.
public final class InventoryStore: Sendable {
    let database: any SQLDatabase
    /// Written into the scans this store begins, so that another process opening the inventory
    /// can tell a scan still being written from one whose writer died.
    let owner = ScanOwner.opening()
    let liveness: ScanLiveness
    /// The file path or the URL without secrets, for messages.
    public let location: String

    /// Opens (creating and migrating when needed) the SQLite inventory at `path`.
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
        try SQLiteSchema.migrator.migrate(pool)
        database = SQLiteDatabase(writer: pool)
        liveness = .owners
        location = path
        try abandonInterruptedScans()
    }

    /// An in-memory inventory, for tests and dry runs.
    public init() throws {
        let queue = try DatabaseQueue()
        try SQLiteSchema.migrator.migrate(queue)
        database = SQLiteDatabase(writer: queue)
        liveness = .owners
        location = ":memory:"
    }

    /// Opens the PostgreSQL inventory at `location`, migrating it when this role may and it
    /// needs it (see `PostgresSchema`).
    public init(postgres location: PostgresLocation) throws {
        let database = try PostgresSQLDatabase(location: location)
        try PostgresSchema.migrate(database)
        self.database = database
        liveness = .advisoryLocks(database)
        self.location = location.display
        try abandonInterruptedScans()
    }

    /// Opens `text`: a `postgres://` URL or a SQLite file path. Any other URL scheme is an
    /// error, never a file name (`postgres:` must not become a directory).
    /// `statementDeadline`: seconds a PostgreSQL statement may go unanswered before the
    /// connection is given up (default 120).
    public static func open(_ text: String, passwordFile: String? = nil, statementDeadline: Int64? = nil) throws -> InventoryStore {
        guard PostgresLocation.looksLikeURL(text) else { return try InventoryStore(path: text) }
        let scheme = text.prefix { $0 != ":" }.lowercased()
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw StoreError("'\(scheme)://' is not a supported inventory; give a SQLite file path or a postgres://USER@HOST:PORT/DATABASE URL")
        }
        var location = try PostgresLocation(url: text)
        location.passwordFile = passwordFile
        if let statementDeadline { location.statementDeadlineSeconds = statementDeadline }
        return try InventoryStore(postgres: location)
    }

    deinit { owner.closed() }

    public var isPostgreSQL: Bool { database.dialect.isPostgreSQL }

    /// Frees SQLite's caches and closes idle read connections; they reopen on the next read.
    public func releaseMemory() { database.releaseMemory() }

    /// Default location: the service's state directory as root, the user's data directory otherwise.
    public static var defaultPath: String {
        if geteuid() == 0 { return "/var/lib/camaudit/inventory.sqlite" }
        let base = ProcessInfo.processInfo.environment["XDG_DATA_HOME"]
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
        return (base as NSString).appendingPathComponent("camaudit/inventory.sqlite")
    }

    /// A scan killed part way (power cut, kill -9) stays consistent thanks to transactions,
    /// but is marked so that diffs and reports do not mistake it for complete. A scan whose
    /// writer is still running (the daemon's passive scan, a scan in another terminal or at
    /// another school) is left alone.
    private func abandonInterruptedScans() throws {
        try database.write { db in
            switch liveness {
            case .owners:
                // One without an owner predates owners and is treated as dead.
                for row in try db.rows("SELECT id, owner FROM scan WHERE status = 'running'") {
                    let owner = (row["owner"] as String?).flatMap(ScanOwner.init(serialized:))
                    if owner?.isAlive == true { continue }
                    try db.execute("UPDATE scan SET status = 'interrupted' WHERE id = ?", [row["id"] as Int64])
                }
            case .advisoryLocks:
                // A live writer holds its scan's advisory lock for as long as its session
                // lasts; a lock free for the taking means the writer is gone. A role that may
                // not update scans (a report reader) leaves them to the next writer.
                guard try db.value("SELECT has_table_privilege('scan', 'UPDATE')", as: Int.self) == 1 else { return }
                for scan in try db.values("SELECT id FROM scan WHERE status = 'running'", as: Int64.self) {
                    guard try db.value("SELECT pg_try_advisory_xact_lock(\(PostgresScanLock.space), (?)::int4)", [scan], as: Int.self) == 1 else { continue }
                    try db.execute("UPDATE scan SET status = 'interrupted' WHERE id = ?", [scan])
                }
            }
        }
    }
}

/// How the store tells a running scan from one whose writer died.
enum ScanLiveness: Sendable {
    /// SQLite: the scan row names its writer's boot, process and store (`ScanOwner`).
    case owners
    /// PostgreSQL: the writer's session holds an advisory lock on the scan id, released by the
    /// server when the session ends however it ends.
    case advisoryLocks(PostgresSQLDatabase)

    func began(_ scan: Int64, in connection: any SQLConnection) throws {
        if case .advisoryLocks(let database) = self { try database.holdScanLock(scan, in: connection) }
    }

    func finished(_ scan: Int64) throws {
        if case .advisoryLocks(let database) = self { try database.releaseScanLock(scan) }
    }
}

extension InventoryStore {
    /// The database's size on disk: PostgreSQL's for this database, SQLite's file and WAL.
    public func databaseBytes() throws -> Int64 {
        if isPostgreSQL {
            return try database.read { try $0.value("SELECT pg_database_size(current_database())", as: Int64.self) } ?? 0
        }
        return [location, location + "-wal"].reduce(Int64(0)) { sum, path in
            sum + Int64((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        }
    }
}
