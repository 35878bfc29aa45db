import Foundation

/// Where a PostgreSQL inventory is: `postgres://user@host:port/dbname?sslmode=…&sslrootcert=…`
/// (`host=/run/dir` in the query for a Unix socket). The password never appears here: it comes
/// from a `password_file`, `PGPASSWORD` or `~/.pgpass`, as with libpq.
public struct PostgresLocation: Sendable, Equatable {
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// A host name or address, or the directory of the server's Unix socket.
    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var sslMode: SSLMode
    /// PEM file of the certificate authorities to trust (`sslrootcert`); the system's otherwise.
    public var rootCertificateFile: String?
    /// The configuration's `password_file:`, read before `PGPASSWORD` and `~/.pgpass`.
    public var passwordFile: String?
    /// How long one statement may go unanswered before the connection is given up
    /// (`PostgresStatementRunner.bounded`).
    public var statementDeadlineSeconds: Int64 = 120
    /// A role to act as after login (`SET ROLE`): `init-postgres` migrates as camaudit_owner.
    public var role: String?

    public var isUnixSocket: Bool { host.hasPrefix("/") }

    /// The location without secrets, for messages and scan records.
    public var display: String {
        let place = isUnixSocket ? "\(host)/.s.PGSQL.\(port)" : "\(host.contains(":") ? "[\(host)]" : host):\(port)"
        return "postgres://\(user)@\(place)/\(database)"
    }

    /// Parses an inventory URL. `environment` supplies `PGUSER`, `PGHOST`, `PGPORT`, `PGSSLMODE`.
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              ["postgres", "postgresql"].contains(scheme) else {
            throw StoreError("'\(text.prefix(200))' is not a postgres:// URL; write postgres://USER@HOST:PORT/DATABASE")
        }
        if components.password != nil {
            throw StoreError("the inventory URL carries a password; remove it and use PGPASSWORD, ~/.pgpass or the configuration's password_file (a password on the command line is visible to every user of the machine)")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] {
            query[item.name.lowercased()] = item.value ?? ""
        }
        let known: Set<String> = ["sslmode", "sslrootcert", "host", "port", "user", "dbname", "connect_timeout", "application_name"]
        if let unknown = query.keys.sorted().first(where: { !known.contains($0) }) {
            throw StoreError("the inventory URL's parameter '\(unknown)' is not supported; supported: \(known.sorted().joined(separator: ", "))")
        }
        let login = ProcessInfo.processInfo.userName
        user = components.user.flatMap { $0.removingPercentEncoding } ?? query["user"] ?? environment["PGUSER"] ?? login
        let urlHost = components.percentEncodedHost.flatMap { $0.removingPercentEncoding }.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) }
        host = query["host"] ?? (urlHost?.isEmpty == false ? urlHost! : nil) ?? environment["PGHOST"] ?? "/var/run/postgresql"
        let portText = query["port"] ?? components.port.map(String.init) ?? environment["PGPORT"] ?? "5432"
        guard let port = Int(portText), (1...65_535).contains(port) else {
            throw StoreError("the inventory URL's port '\(portText)' is not a port number")
        }
        self.port = port
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let name = query["dbname"] ?? (path.isEmpty ? nil : path.removingPercentEncoding ?? path)
        database = name ?? user
        let modeText = query["sslmode"] ?? environment["PGSSLMODE"] ?? "prefer"
        guard let mode = SSLMode(rawValue: modeText.lowercased()) else {
            throw StoreError("sslmode '\(modeText)' is not supported; use one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        sslMode = mode
        rootCertificateFile = query["sslrootcert"].flatMap { $0.isEmpty ? nil : $0 }
        if (mode == .verifyCA || mode == .verifyFull) && isUnixSocket {
            throw StoreError("sslmode=\(mode.rawValue) needs a TCP host; a Unix socket has no certificate to verify")
        }
    }

    /// True when `text` names a database by URL (`scheme://…`) rather than a file path.
    public static func looksLikeURL(_ text: String) -> Bool {
        guard let colon = text.range(of: "://") else { return false }
        let scheme = text[..<colon.lowerBound]
        return !scheme.isEmpty && scheme.first!.isLetter && scheme.allSatisfy { $0.isLetter || $0.isNumber || "+.-".contains($0) }
    }
}
