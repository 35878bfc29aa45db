import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// The SQL layer over one PostgreSQL connection. The store's API is synchronous (the CLI, the
/// daemon's writer and the reports call it from threads), so each statement waits on
/// postgres-nio's future on a caller thread, never on an event loop. One connection per
/// store, one transaction at a time: the lock orders callers.
final class PostgresSQLDatabase: SQLDatabase, @unchecked Sendable {
    let location: PostgresLocation
    var dialect: SQLDialect { .postgreSQL }
    private let lock = NSLock()
    private var connection: PostgresConnection?
    private var nextConnectionID = 1
    private let logger: Logger = {
        var logger = Logger(label: "camaudit.postgres")
        logger.logLevel = .critical
        return logger
    }()
    /// Session advisory locks this store holds for its running scans (see `PostgresScanLock`),
    /// taken again after a reconnect so that other writers keep seeing the scans as alive.
    private let scanLockSet = LockedSet()
    private var deadline: TimeAmount { .seconds(location.statementDeadlineSeconds) }
    /// How many times a transaction is retried after a deadlock or serialization failure.
    static let retries = 8

    init(location: PostgresLocation) throws {
        self.location = location
        try lock.withLock { _ = try liveConnection() }
    }

    deinit {
        if let connection { try? connection.close().wait() }
    }

    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try transaction("BEGIN", body)
    }

    func releaseMemory() {}

    /// Runs `statement` outside any transaction (migrations' advisory locks, the scan locks).
    func session<T>(_ body: (PostgresStatementRunner) throws -> T) throws -> T {
        try lock.withLock { try body(PostgresStatementRunner(connection: try liveConnection(), logger: logger, deadline: deadline)) }
    }

    /// Takes the scan's advisory lock inside the transaction that creates the scan, so that no
    /// other writer ever sees the scan running without its lock.
    func holdScanLock(_ scan: Int64, in connection: any SQLConnection) throws {
        try connection.execute("SELECT pg_advisory_lock(\(PostgresScanLock.space), (?)::int4)", [scan])
        scanLockSet.withLock { _ = $0.insert(scan) }
    }

    func releaseScanLock(_ scan: Int64) throws {
        guard scanLockSet.withLock({ $0.remove(scan) }) != nil else { return }
        try session { try $0.execute("SELECT pg_advisory_unlock(\(PostgresScanLock.space), (?)::int4)", [scan]) }
    }

    private func transaction<T>(_ begin: String, _ body: (any SQLConnection) throws -> T) throws -> T {
        try lock.withLock {
            var attempt = 0
            while true {
                let runner = PostgresStatementRunner(connection: try liveConnection(), logger: logger, deadline: deadline)
                do {
                    try runner.execute(begin, [])
                    let result = try body(runner)
                    try runner.execute("COMMIT", [])
                    return result
                } catch {
                    if !runner.connection.isClosed { try? runner.execute("ROLLBACK", []) }
                    attempt += 1
                    if PostgresErrors.isRetryable(error) && attempt < Self.retries { continue }
                    throw PostgresErrors.describe(error, location: location)
                }
            }
        }
    }

    /// The open connection, or a new one when there is none or the server closed it. Call
    /// with `lock` held.
    private func liveConnection() throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        connection = nil
        let configuration = try PostgresConnectionSettings.configuration(for: location)
        let id = nextConnectionID
        nextConnectionID += 1
        do {
            let fresh = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: id, logger: logger
            ).wait()
            let runner = PostgresStatementRunner(connection: fresh, logger: logger, deadline: deadline)
            // A write waiting for another agent's lock longer than this fails (and says so)
            // instead of holding a scan up without end; another agent's batch takes well
            // under a second.
            try runner.execute("SET lock_timeout = '60s'", [])
            if let role = location.role, DistrictSetup.isPlainRoleName(role) {
                try runner.execute("SET ROLE \(role)", [])
            }
            for scan in scanLockSet.withLock({ $0.sorted() }) {
                try runner.execute("SELECT pg_advisory_lock(\(PostgresScanLock.space), (?)::int4)", [scan])
            }
            connection = fresh
            return fresh
        } catch {
            throw PostgresErrors.describe(error, location: location)
        }
    }
}

/// The advisory-lock key space of running scans: a writer holds (space, scan id) for as long
/// as its scan runs; the lock dies with its session, so a killed writer's scan is found.
enum PostgresScanLock {
    static let space = 0x43_41_4D // "CAM"
}

/// The scan ids whose locks this store holds; its own lock, since the scan lock is taken while
/// the connection's lock is held by the transaction.
final class LockedSet: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: Set<Int64> = []

    func withLock<T>(_ body: (inout Set<Int64>) -> T) -> T { lock.withLock { body(&ids) } }
}
