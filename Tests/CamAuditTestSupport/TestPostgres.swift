import Foundation

/// The throwaway PostgreSQL that `Packaging/with-postgres` starts for the tests (its
/// superuser's URL in CAMAUDIT_TEST_POSTGRES). Without it, tests that need it fail, unless
/// CAMAUDIT_SKIP_POSTGRES=1 says to leave PostgreSQL out.
public enum TestPostgres {
    public static var serverURL: String? { ProcessInfo.processInfo.environment["CAMAUDIT_TEST_POSTGRES"] }
    public static var certificateAuthority: String? { ProcessInfo.processInfo.environment["CAMAUDIT_TEST_POSTGRES_CA"] }
    public static var skipped: Bool { ProcessInfo.processInfo.environment["CAMAUDIT_SKIP_POSTGRES"] == "1" }

    public struct Missing: Error, CustomStringConvertible {
        public init() {}
        public var description: String {
            "CAMAUDIT_TEST_POSTGRES is not set: run the tests as `Packaging/with-postgres swift test` (or set CAMAUDIT_SKIP_POSTGRES=1 to leave PostgreSQL out)"
        }
    }

    public struct Failed: Error, CustomStringConvertible {
        public var description: String
    }

    /// A database of its own for one test, as the superuser's URL; nil only when skipped.
    public static func freshDatabaseURL(prefix: String = "t") throws -> String? {
        guard let server = serverURL else {
            if skipped { return nil }
            throw Missing()
        }
        let name = "\(prefix)_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
        try psql(server, "CREATE DATABASE \(name)")
        return url(server, database: name)
    }

    /// `server` with another database (and, when given, another user or query).
    public static func url(_ server: String, database: String, user: String? = nil, query: String? = nil) -> String {
        var components = URLComponents(string: server)!
        components.path = "/" + database
        if let user { components.user = user }
        if let query { components.query = query }
        return components.string!
    }

    /// Runs SQL with psql (outside a transaction: CREATE DATABASE, CREATE ROLE) and returns
    /// what it printed, unaligned, one row a line.
    @discardableResult
    public static func psql(_ url: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", url.replacingOccurrences(of: "postgres://", with: "postgresql://"), "-c", sql]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failed(description: "psql: \(sql.prefix(120)): \(errors)") }
        return output
    }

    /// The first value psql printed, as a number (-1 when it printed none).
    public static func count(_ url: String, _ sql: String) throws -> Int {
        Int(try psql(url, sql).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
}
