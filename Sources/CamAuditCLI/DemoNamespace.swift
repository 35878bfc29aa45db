import Foundation

/// Ports 80 and 554 need root. Without it the demo re-runs itself inside a new user and network
/// namespace (`unshare --user --map-root-user --net`), where it is root of a private loopback:
/// nothing it sends can leave the machine, and nothing else on the machine sees its ports.
enum DemoNamespace {
    static let marker = "CAMAUDIT_DEMO_NAMESPACE"

    /// Nil when this process may go on (root, low ports allowed, or already re-executed);
    /// otherwise the exit status of the re-executed demo.
    static func reexecutedStatus() throws -> Int32? {
        if geteuid() == 0 || ProcessInfo.processInfo.environment[marker] != nil || lowPortsAllowed { return nil }
        guard let unshare = ["/usr/bin/unshare", "/bin/unshare"].first(where: FileManager.default.isExecutableFile(atPath:)),
              let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw RuntimeFailure(description: "demo: the fleet must listen on ports 80 and 554; run as root, or install util-linux (unshare) and iproute2 (ip) so the demo can use a private network namespace")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: unshare)
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        // `sh -c` brings the namespace's loopback up, then becomes the demo again.
        process.arguments = ["--user", "--map-root-user", "--net", "--", "/bin/sh", "-c", "\(ip) link set lo up && exec \"$0\" \"$@\"", me]
            + Array(CommandLine.arguments.dropFirst())
        var environment = ProcessInfo.processInfo.environment
        environment[marker] = "1"
        process.environment = environment
        do {
            try process.run()
        } catch {
            throw RuntimeFailure(description: "demo: cannot start \(unshare): \(error.localizedDescription); run as root instead")
        }
        process.waitUntilExit()
        if process.terminationStatus != 0 && process.terminationReason == .exit && process.terminationStatus == 1 {
            Output.error("camaudit demo: if unshare said 'Operation not permitted', unprivileged user namespaces are off here (sysctl kernel.unprivileged_userns_clone); run the demo as root")
        }
        return process.terminationStatus
    }

    private static var lowPortsAllowed: Bool {
        guard let text = try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_unprivileged_port_start", encoding: .utf8),
              let start = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return false }
        return start <= 80
    }
}
