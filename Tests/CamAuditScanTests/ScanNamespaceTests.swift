import CamAuditTestSupport
import Foundation
import Testing

/// ARP discovery end to end: `camaudit scan` runs inside one network namespace the test creates,
/// a "device" sits in a second one at the other end of a veth pair. The device answers ARP (with
/// a Hikvision OUI) but nothing at layer 3, like a camera left on a factory configuration.
///
/// Network safety: both namespaces are created here, hold only the veth pair (10.77.40.0/24) and
/// no route out; the scan's scope is two addresses of that /24. Both are deleted even on failure.
@Suite(.serialized) struct ScanNamespaceTests {
    static let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let canCreateNamespaces = geteuid() == 0 && ip != nil

    @Test(.enabled(if: canCreateNamespaces, "skipped: needs root and ip(8) to create network namespaces and a veth pair"), .timeLimit(.minutes(1)))
    func arpFindsADeviceThatAnswersOnlyAtLayerTwo() async throws {
        let ip = try #require(Self.ip)
        let pid = getpid()
        let scanner = "camaudit-scan-\(pid)", device = "camaudit-dev-\(pid)"
        let scannerEnd = "cas\(pid % 1_000_000)", deviceEnd = "cad\(pid % 1_000_000)"
        defer {
            _ = try? Self.command(ip, ["netns", "del", scanner])
            _ = try? Self.command(ip, ["netns", "del", device])
        }
        try Self.check(ip, ["netns", "add", scanner])
        try Self.check(ip, ["netns", "add", device])
        try Self.check(ip, ["-n", scanner, "link", "add", scannerEnd, "type", "veth", "peer", "name", deviceEnd, "netns", device])
        try Self.check(ip, ["-n", device, "link", "set", deviceEnd, "address", "44:19:b6:00:00:01"])
        try Self.check(ip, ["-n", scanner, "address", "add", "10.77.40.1/24", "dev", scannerEnd])
        try Self.check(ip, ["-n", device, "address", "add", "10.77.40.2/24", "dev", deviceEnd])
        try Self.check(ip, ["-n", scanner, "link", "set", scannerEnd, "up"])
        try Self.check(ip, ["-n", device, "link", "set", deviceEnd, "up"])
        // The device answers ARP but can send nothing back at layer 3.
        try Self.check(ip, ["-n", device, "route", "add", "blackhole", "10.77.40.1/32"])
        #expect(!(try Self.check(ip, ["-n", scanner, "route", "show"])).contains("default"))

        let binary = try Self.binary("camaudit").path
        let (status, output, errors) = try await offThePool { try Self.command(ip, ["netns", "exec", scanner, binary, "scan", "10.77.40.2-3", "--timeout", "400", "--jsonl", "-", "--all"]) }
        #expect(status == 1, "a covered device was found, so the exit status is 1: \(errors)")
        let hosts = try output.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let camera = try #require(hosts.first { $0["ip"] as? String == "10.77.40.2" }, "stdout: \(output) stderr: \(errors)")
        #expect(camera["mac"] as? String == "44:19:b6:00:00:01")
        #expect(camera["maker"] as? String == "hikvision")
        #expect(camera["status"] as? String == "identified")
        #expect((camera["ports"] as? [Any])?.isEmpty == true)
        let empty = try #require(hosts.first { $0["ip"] as? String == "10.77.40.3" })
        #expect(empty["status"] as? String == "no-response")
        // Two addresses: one request for the device, two for the silent address (asked again
        // before it counts as absent), one each with --arp-attempts 1.
        let table = try Self.check(ip, ["netns", "exec", scanner, binary, "scan", "10.77.40.2-3", "--timeout", "300", "--no-discovery", "--ports", "80"]).description
        #expect(table.contains("3 ARP requests"), "\(table)")
        let single = try Self.check(ip, ["netns", "exec", scanner, binary, "scan", "10.77.40.2-3", "--timeout", "300", "--no-discovery", "--ports", "80", "--arp-attempts", "1"]).description
        #expect(single.contains("2 ARP requests"), "\(single)")
    }

    @Test(.enabled(if: canCreateNamespaces && python3 != nil, "skipped: needs root, ip(8) and python3 for namespaces and a multicast responder"), .timeLimit(.minutes(1)))
    func multicastDiscoveryFindsADeviceOnTheSegment() throws {
        let ip = try #require(Self.ip)
        let pid = getpid()
        let scanner = "camaudit-mscan-\(pid)", device = "camaudit-mdev-\(pid)"
        let scannerEnd = "cms\(pid % 1_000_000)", deviceEnd = "cmd\(pid % 1_000_000)"
        defer {
            _ = try? Self.command(ip, ["netns", "del", scanner])
            _ = try? Self.command(ip, ["netns", "del", device])
        }
        try Self.check(ip, ["netns", "add", scanner])
        try Self.check(ip, ["netns", "add", device])
        try Self.check(ip, ["-n", scanner, "link", "add", scannerEnd, "type", "veth", "peer", "name", deviceEnd, "netns", device])
        try Self.check(ip, ["-n", scanner, "address", "add", "10.77.41.1/24", "dev", scannerEnd])
        try Self.check(ip, ["-n", device, "address", "add", "10.77.41.2/24", "dev", deviceEnd])
        try Self.check(ip, ["-n", scanner, "link", "set", scannerEnd, "up"])
        try Self.check(ip, ["-n", device, "link", "set", deviceEnd, "up"])

        // A SADP device that hears the inquiry on the group and answers the sender.
        let reply = String(decoding: Corpus.payload("ref-05a3e32059"), as: UTF8.self)
        let responder = """
        import socket, struct, sys
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("", 37020))
        s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, struct.pack("4s4s", socket.inet_aton("239.255.255.250"), socket.inet_aton("10.77.41.2")))
        s.settimeout(20)
        print("ready", flush=True)
        while True:
            data, peer = s.recvfrom(65535)
            sys.stderr.write("%s %d\\n" % (peer[0], len(data)))
            s.sendto(sys.argv[1].encode(), peer)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ip)
        process.arguments = ["netns", "exec", device, try #require(Self.python3), "-c", responder, reply]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try #require(String(decoding: out.fileHandleForReading.availableData, as: UTF8.self).contains("ready"))

        // Unicast discovery off: only the multicast inquiry can reach the responder.
        let binary = try Self.binary("camaudit").path
        let (status, output, errors) = try Self.command(ip, ["netns", "exec", scanner, binary, "scan", "10.77.41.2", "--multicast", "--no-discovery",
                                                             "--ports", "9", "--timeout", "300", "--jsonl", "-"])
        #expect(status == 1, "\(errors)")
        let line = try #require(output.split(separator: "\n").first, "no host reported: \(errors)")
        let host = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(host["ip"] as? String == "10.77.41.2")
        #expect(host["maker"] as? String == "hikvision")
        let evidence = try #require(host["evidence"] as? [[String: Any]])
        #expect(evidence.contains { ($0["field"] as? String)?.hasPrefix("sadp.") == true })
    }

    static let python3 = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        .map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    // MARK: - Helpers

    static func binary(_ name: String) throws -> URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "\(name) not built next to the tests; run swift build --build-tests first"])
    }

    struct CommandFailed: Error, CustomStringConvertible { var description: String }

    @discardableResult
    static func check(_ executable: String, _ arguments: [String]) throws -> String {
        let (status, out, err) = try command(executable, arguments)
        guard status == 0 || status == 1 && arguments.contains("scan") else {
            throw CommandFailed(description: "\(([executable] + arguments).joined(separator: " ")) exited \(status): \(err)")
        }
        return out
    }

    static func command(_ executable: String, _ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
