@testable import CamAuditStore
import Foundation
import Testing

/// The store's tests run once per backend: SQLite, and PostgreSQL in the throwaway cluster
/// `Packaging/with-postgres` starts (its URL in CAMAUDIT_TEST_POSTGRES). Without that variable
/// the PostgreSQL runs fail, unless CAMAUDIT_SKIP_POSTGRES=1 says to leave them out.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// A new, empty inventory; nil only when PostgreSQL was explicitly skipped.
    func freshStore() throws -> InventoryStore? {
        try freshLocation().map { try $0.open() }
    }

    func freshLocation() throws -> TestInventoryLocation? {
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("inv-\(UUID().uuidString).sqlite").path
            return TestInventoryLocation(text: path)
        case .postgres:
            guard let url = try TestPostgres.freshDatabaseURL() else { return nil }
            return TestInventoryLocation(text: url)
        }
    }
}

struct TestInventoryLocation: Sendable {
    /// A SQLite path or a postgres:// URL, as `--db` takes it.
    let text: String
    func open() throws -> InventoryStore { try InventoryStore.open(text) }
}

enum TestPostgres {
    static var serverURL: String? {
        let environment = ProcessInfo.processInfo.environment
        return environment["CAMAUDIT_TEST_POSTGRES"]
    }

    static var skipped: Bool { ProcessInfo.processInfo.environment["CAMAUDIT_SKIP_POSTGRES"] == "1" }

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "CAMAUDIT_TEST_POSTGRES is not set: run the tests as `Packaging/with-postgres swift test` (or set CAMAUDIT_SKIP_POSTGRES=1 to leave PostgreSQL out)"
        }
    }

    /// Creates a database of its own for one test and returns its URL (the superuser's).
    static func freshDatabaseURL(prefix: String = "t") throws -> String? {
        guard let server = serverURL else {
            if skipped { return nil }
            throw Missing()
        }
        let name = "\(prefix)_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
        try administer(server) { try $0.execute("CREATE DATABASE \(name)", []) }
        return url(server, database: name)
    }

    /// `server` with another database name (and, when given, another user).
    static func url(_ server: String, database: String, user: String? = nil, query: String? = nil) -> String {
        var components = URLComponents(string: server)!
        components.path = "/" + database
        if let user { components.user = user }
        if let query { components.query = query }
        return components.string!
    }

    /// Runs statements outside a transaction (CREATE DATABASE, CREATE ROLE) as the superuser.
    static func administer(_ url: String, _ body: (PostgresStatementRunner) throws -> Void) throws {
        let database = try PostgresSQLDatabase(location: PostgresLocation(url: url))
        try database.session(body)
    }
}
