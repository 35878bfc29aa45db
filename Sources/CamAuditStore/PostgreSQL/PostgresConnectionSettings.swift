import Foundation
import NIOCore
import NIOSSL
import PostgresNIO

/// postgres-nio's configuration for a location: TLS as `sslmode` asks, libpq's meanings.
/// `prefer` and `require` encrypt without checking who answers; `verify-ca` checks the chain
/// against `sslrootcert` (or the system's roots); `verify-full` also checks the host name.
enum PostgresConnectionSettings {
    static func configuration(for location: PostgresLocation) throws -> PostgresConnection.Configuration {
        let password = try PostgresPassword.lookup(for: location)
        var configuration: PostgresConnection.Configuration
        if location.isUnixSocket {
            configuration = .init(unixSocketPath: "\(location.host)/.s.PGSQL.\(location.port)", username: location.user,
                                  password: password, database: location.database)
        } else {
            configuration = .init(host: location.host, port: location.port, username: location.user, password: password,
                                  database: location.database, tls: try tls(for: location))
        }
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    static func tls(for location: PostgresLocation) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch location.sslMode {
        case .disable: return .disable
        case .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        if let file = location.rootCertificateFile {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw StoreError("cannot read sslrootcert \(file); give the PEM file of the certificate authority that signed the server's certificate")
            }
            tls.trustRoots = .file(file)
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: tls)
        } catch {
            throw StoreError("cannot set up TLS for \(location.display): \(error); check sslrootcert")
        }
        return location.sslMode == .prefer ? .prefer(context) : .require(context)
    }
}
