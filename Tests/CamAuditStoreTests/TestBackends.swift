@testable import CamAuditStore
import CamAuditTestSupport
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

extension TestPostgres {
    /// Runs statements outside a transaction as the superuser, through the store's own layer.
    static func administer(_ url: String, _ body: (PostgresStatementRunner) throws -> Void) throws {
        let database = try PostgresSQLDatabase(location: PostgresLocation(url: url))
        try database.session(body)
    }
}
