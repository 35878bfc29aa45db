import Foundation

/// The replayed hosts on one bridge, each in its own network namespace, built and removed by
/// `Packaging/netns/fleet-lab` (the namespace laboratory the scan tests use): addresses in
/// 10.77.0.0/16 inside namespaces only, no default route anywhere, nothing in the caller's
/// namespace. The scanner's namespace has 10.77.0.2 on s0, captured with tcpdump.
public struct ReplayLab: Sendable {
    public let name: String
    public let tool: String
    public let scannerNamespace: String

    static let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let tcpdump = ["/usr/bin/tcpdump", "/usr/sbin/tcpdump"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let python3 = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Why the lab cannot be built here, or nil.
    public static var unavailableReason: String? {
        if geteuid() != 0 { return "needs root to create network namespaces" }
        if ip == nil || tcpdump == nil || python3 == nil || ReplayTLSServer.openssl == nil {
            return "needs ip(8), tcpdump, python3 and openssl (Packaging/install-build-deps --test)"
        }
        return nil
    }

    /// Builds the lab from a fleet-lab hosts file and starts the capture; removes what it built
    /// when it fails. The caller must `down()` it.
    public static func up(name: String, tool: String, hostsFile: String, capture: String) throws -> ReplayLab {
        if let reason = unavailableReason { throw ReplayError("replay lab: \(reason)") }
        let run = try ReplayCommand.run(python3!, [tool, "up", name, "--hosts", hostsFile, "--capture", capture])
        guard run.status == 0 else {
            _ = try? ReplayCommand.run(python3!, [tool, "down", name])
            throw ReplayError("fleet-lab up failed: \(run.stderr.suffix(2000))")
        }
        let json = (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8))) as? [String: Any]
        guard let scanner = json?["scanner_namespace"] as? String else {
            _ = try? ReplayCommand.run(python3!, [tool, "down", name])
            throw ReplayError("fleet-lab up printed no scanner namespace: \(run.stdout.prefix(500))")
        }
        return ReplayLab(name: name, tool: tool, scannerNamespace: scanner)
    }

    /// Stops every host and the capture (SIGTERM, so tcpdump flushes) and deletes the namespaces.
    public func down() {
        _ = try? ReplayCommand.run(Self.python3!, [tool, "down", name])
    }

    /// Runs a program inside the scanner's namespace.
    func runInScanner(_ arguments: [String]) throws -> ReplayCommand.Run {
        try ReplayCommand.run(Self.ip!, ["netns", "exec", scannerNamespace] + arguments)
    }
}
