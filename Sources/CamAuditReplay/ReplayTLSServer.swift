import CamAuditFleet
import Foundation

/// HTTPS on 443 for a replayed host whose record is a certificate: openssl makes a throw-away
/// key and certificate with the recorded subject and issuer (a throw-away CA signs it where they
/// differ) and `openssl s_server -www` serves it. TLS 1.3 is turned off so the certificate
/// crosses the wire in clear, as it does from the TLS 1.2 web servers of the recorded devices.
enum ReplayTLSServer {
    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let timeout = ["/usr/bin/timeout", "/bin/timeout"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Starts the server in `directory` for at most `lifetime` seconds and waits until it accepts;
    /// it runs in the host's process group, so fleet-lab's teardown stops it with the host.
    static func start(_ names: ReplayCertificateNames, directory: String, lifetime: UInt32) throws {
        guard let openssl, let timeout else { throw ReplayError("serving a certificate needs openssl and timeout(1)") }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        func make(_ arguments: [String]) throws {
            let run = try ReplayCommand.run(openssl, arguments)
            guard run.status == 0 else { throw ReplayError("openssl \(arguments.prefix(2).joined(separator: " ")) failed: \(run.stderr.suffix(500))") }
        }
        let key = ["-utf8", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "3650"]
        let subject = ReplayCertificateNames.opensslSubject(names.subject)
        if names.selfSigned {
            try make(["req", "-x509"] + key + ["-keyout", path("key.pem"), "-out", path("cert.pem"), "-subj", subject])
        } else {
            try make(["req", "-x509"] + key + ["-keyout", path("ca.key"), "-out", path("ca.pem"), "-subj", ReplayCertificateNames.opensslSubject(names.issuer)])
            try make(["req", "-new"] + key + ["-keyout", path("key.pem"), "-out", path("leaf.csr"), "-subj", subject])
            try make(["x509", "-req", "-in", path("leaf.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-set_serial", "1",
                      "-days", "3650", "-out", path("cert.pem")])
        }
        let output = path("s_server.out")
        guard FileManager.default.createFile(atPath: output, contents: nil) else {
            throw ReplayError("cannot create \(output) for the output of openssl s_server")
        }
        let pid = try spawn([timeout, "--foreground", String(lifetime), openssl, "s_server", "-accept", "443",
                             "-cert", path("cert.pem"), "-key", path("key.pem"), "-www", "-no_tls1_3"], output: output)
        // s_server prints ACCEPT once it listens.
        for _ in 0..<200 {
            if (try? String(contentsOfFile: output, encoding: .utf8))?.contains("ACCEPT") == true { return }
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == 0 else { break }
            usleep(25_000)
        }
        kill(pid, SIGTERM)
        throw ReplayError("openssl s_server did not start: \((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
    }

    /// posix_spawn, not Process: Foundation puts a child in a process group of its own, out of
    /// reach of the teardown that stops the host's group. `timeout --foreground` stays in it too.
    private static func spawn(_ arguments: [String], output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_APPEND, 0)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard result == 0 else { throw ReplayError("cannot start \(arguments[0]): \(String(cString: strerror(result)))") }
        return pid
    }
}
