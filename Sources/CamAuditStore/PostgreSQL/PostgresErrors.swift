import Foundation
import NIOCore
import NIOSSL
import PostgresNIO

/// PostgreSQL failures as a district's IT staff need to read them: what went wrong and what
/// to do, never postgres-nio's generic "PSQLError" text.
enum PostgresErrors {
    /// SQLSTATE 40001 (serialization failure) and 40P01 (deadlock): another writer won; the
    /// transaction can be run again.
    /// 57P01/57P02 (the session was terminated by an administrator or a crash of another
    /// backend): the transaction is gone with the session and is run again on a new one.
    static func isRetryable(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] else { return false }
        return ["40001", "40P01", "57P01", "57P02"].contains(state)
    }

    /// True when the server went away or could not be reached: a scan can be kept locally.
    static func isConnectionLoss(_ error: any Error) -> Bool {
        if error is StoreConnectionError { return true }
        guard let error = error as? PSQLError else { return error is ChannelError || error is IOError }
        // Connection exceptions (class 08) and the server shutting down or starting (57P0x).
        if let state = error.serverInfo?[.sqlState], state.hasPrefix("08") || state.hasPrefix("57P0") { return true }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown: return true
        default: return false
        }
    }

    static func describe(_ error: any Error, location: PostgresLocation) -> any Error {
        if error is StoreError || error is StoreConnectionError { return error }
        guard let psql = error as? PSQLError else {
            return StoreConnectionError(description: "cannot reach the inventory server \(location.display): \(error); check that PostgreSQL runs there and accepts connections from this host")
        }
        let message = psql.serverInfo?[.message] ?? ""
        if let state = psql.serverInfo?[.sqlState], state.hasPrefix("08") || state.hasPrefix("57P0") {
            return StoreConnectionError(description: "the inventory server \(location.display) went away (\(message.isEmpty ? "\(psql.code)" : message)); nothing of the interrupted transaction was kept")
        }
        switch psql.serverInfo?[.sqlState] {
        case "28P01", "28000":
            return StoreError("the inventory server \(location.display) refused the login of '\(location.user)': \(message); check the role's password (PGPASSWORD, ~/.pgpass or password_file) and pg_hba.conf")
        case "3D000":
            return StoreError("the inventory server has no database '\(location.database)': create it (createdb -O camaudit_owner \(location.database)) or fix the URL")
        case "42501":
            return StoreError("the inventory server refused: \(message); the role '\(location.user)' lacks that right (see camaudit inventory init-postgres)")
        case let state?:
            return StoreError("the inventory server \(location.display) answered \(state): \(message)")
        case nil:
            break
        }
        switch psql.code {
        case .sslUnsupported:
            return StoreError("the inventory server \(location.display) does not offer TLS but sslmode=\(location.sslMode.rawValue) requires it")
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return StoreConnectionError(description: "the inventory server \(location.display) closed the connection; nothing of the interrupted transaction was kept")
        case .connectionError, .failedToAddSSLHandler:
            let cause = psql.underlying.map { String(describing: $0) } ?? "no answer"
            if psql.underlying is NIOSSLError || cause.contains("certificate") || cause.contains("handshake") {
                return StoreError("TLS to \(location.display) failed: \(cause); check sslrootcert and that the server's certificate names \(location.host)")
            }
            return StoreConnectionError(description: "cannot reach the inventory server \(location.display): \(cause); check that PostgreSQL runs there and accepts connections from this host")
        default:
            return StoreError("the inventory server \(location.display) failed: \(String(reflecting: psql).prefix(300))")
        }
    }
}

/// The inventory server could not be reached or went away: a caller that holds a scan can
/// keep it locally and push it later (`camaudit inventory push`).
public struct StoreConnectionError: Error, CustomStringConvertible, Sendable {
    public var description: String
}
