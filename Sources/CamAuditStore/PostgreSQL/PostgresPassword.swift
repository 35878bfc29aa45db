import Foundation

/// The password for a PostgreSQL login, looked up as libpq does, never from the command line:
/// the configuration's `password_file`, then `PGPASSWORD`, then `PGPASSFILE` or `~/.pgpass`
/// (`host:port:database:user:password`, `*` matches anything, `\:` and `\\` escape; ignored,
/// as libpq ignores it, when group or others can read it).
enum PostgresPassword {
    static func lookup(for location: PostgresLocation, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        if let file = location.passwordFile {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw StoreError("cannot read the password_file \(file); check the path and that this user may read it")
            }
            return text.trimmingCharacters(in: .newlines)
        }
        if let password = environment["PGPASSWORD"] { return password }
        let path = environment["PGPASSFILE"] ?? (NSHomeDirectory() as NSString).appendingPathComponent(".pgpass")
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & 0o077 == 0,
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let host = location.isUnixSocket ? "localhost" : location.host
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = splitEscaped(String(line))
            guard fields.count == 5 else { continue }
            let wanted = [host, String(location.port), location.database, location.user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// Splits a .pgpass line at unescaped colons.
    static func splitEscaped(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
