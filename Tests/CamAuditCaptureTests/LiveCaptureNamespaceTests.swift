import CamAuditCapture
import Foundation
import Testing

/// `camaudit listen` end to end: the real binary captures on one end of a veth pair while the
/// fixture frames are written onto the other end, inside a network namespace the test creates.
///
/// Network safety: frames are only ever written inside that namespace, onto its own veth end;
/// the namespace has no route and no other interface (its loopback stays down), and the host
/// end has no address, so nothing can leave either side. Namespace and pair are deleted even
/// when the test fails.
@Suite(.serialized) struct LiveCaptureNamespaceTests {
    static let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The replay is a few lines of Python run inside the namespace (`ip netns exec` finds it on PATH).
    static let python3 = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        .map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Creating namespaces and veth pairs needs root (CAP_NET_ADMIN), iproute2 and python3.
    static let canCreateNamespaces = geteuid() == 0 && ip != nil && python3 != nil

    @Test(.enabled(if: canCreateNamespaces, "skipped: needs root, ip(8) and python3 to create a network namespace and a veth pair"), .timeLimit(.minutes(1)))
    func listenClassifiesFramesReplayedOnAVethPair() throws {
        let ip = try #require(Self.ip)
        let pid = getpid()
        let namespace = "camaudit-test-\(pid)"
        // Interface names are limited to 15 bytes.
        let hostEnd = "cah\(pid % 1_000_000)"
        let namespaceEnd = "can\(pid % 1_000_000)"
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-listen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer {
            // Deleting the host end removes its peer; deleting the namespace removes anything left.
            _ = try? Self.command(ip, ["link", "del", hostEnd])
            _ = try? Self.command(ip, ["netns", "del", namespace])
            try? FileManager.default.removeItem(at: work)
        }

        try Self.check(ip, ["netns", "add", namespace])
        try Self.check(ip, ["link", "add", hostEnd, "type", "veth", "peer", "name", namespaceEnd, "netns", namespace])
        try Self.check(ip, ["-n", namespace, "address", "add", "10.77.255.2/30", "dev", namespaceEnd])
        try Self.check(ip, ["-n", namespace, "link", "set", namespaceEnd, "up"])
        try Self.check(ip, ["link", "set", hostEnd, "up"])
        // The namespace must have no way out: no routes but the veth's own /30.
        let routes = try Self.check(ip, ["-n", namespace, "route", "show"])
        #expect(!routes.contains("default"), "\(routes)")

        // The fixture frames, one hex line each, read the way analyze reads them.
        let reader = try PcapFileReader(path: FixtureBuilder.fixtureDirectory.appendingPathComponent("site.pcap").path)
        #expect(reader.linkType == LinkType.ethernet)
        var frames: [String] = []
        while let packet = try reader.next() {
            frames.append(packet.data.map { String(format: "%02x", $0) }.joined())
        }
        let framesFile = work.appendingPathComponent("frames.hex")
        try Data((frames.joined(separator: "\n") + "\n").utf8).write(to: framesFile)

        let stdoutFile = work.appendingPathComponent("stdout"), stderrFile = work.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        let listen = Process()
        listen.executableURL = try Self.binary("camaudit")
        let database = work.appendingPathComponent("inventory.sqlite").path
        listen.arguments = ["listen", hostEnd, "--duration", "6", "--jsonl", "-", "--record", "--db", database, "--site", "Namespace School"]
        listen.standardOutput = try FileHandle(forWritingTo: stdoutFile)
        listen.standardError = try FileHandle(forWritingTo: stderrFile)
        let started = Date()
        try listen.run()
        defer { if listen.isRunning { listen.terminate() } }

        // Wait for the ready line: from then on libpcap buffers every frame for the reader.
        var ready = false
        while Date().timeIntervalSince(started) < 20 && listen.isRunning {
            if (try? String(contentsOf: stderrFile, encoding: .utf8))?.contains("listening on \(hostEnd)") == true { ready = true; break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let earlyErrors = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
        try #require(ready, "listen did not start: \(earlyErrors)")

        // Sends each frame as is on the namespace's veth end, and nowhere else.
        let replay = """
        import socket, sys
        sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        sock.bind((sys.argv[1], 0))
        sent = 0
        for line in open(sys.argv[2]):
            line = line.strip()
            if line:
                sock.send(bytes.fromhex(line))
                sent += 1
        print(sent)
        """
        let sent = try Self.check(ip, ["netns", "exec", namespace, "python3", "-c", replay, namespaceEnd, framesFile.path])
        #expect(Int(sent.trimmingCharacters(in: .whitespacesAndNewlines)) == frames.count)

        while listen.isRunning && Date().timeIntervalSince(started) < 40 { Thread.sleep(forTimeInterval: 0.1) }
        #expect(!listen.isRunning, "listen did not stop after --duration")
        listen.waitUntilExit()
        let output = try String(contentsOf: stdoutFile, encoding: .utf8)
        let errors = try String(contentsOf: stderrFile, encoding: .utf8)
        #expect(listen.terminationStatus == 0, "\(errors)")
        #expect(errors.contains("stopped after"), "\(errors)")

        let devices = try output.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        for (mac, maker) in [("c0:56:e3:aa:bb:cc", "hikvision"), ("4c:11:bf:12:34:56", "dahua"), ("b4:4c:3b:f4:e3:01", "dahua")] {
            let device = try #require(devices.first { $0["mac"] as? String == mac }, "\(mac) not reported; stdout: \(output) stderr: \(errors)")
            #expect(device["verdict"] as? String == "covered", "\(mac): \(device)")
            #expect(device["maker"] as? String == maker, "\(mac): \(device)")
            let evidence = try #require(device["evidence"] as? [[String: Any]])
            #expect(!evidence.isEmpty && evidence.allSatisfy { $0["source"] as? String == "passive" })
        }
        // --record put the same devices into the inventory, as a passive scan of this site.
        #expect(errors.contains("recorded \(devices.count) devices"), "\(errors)")
        let inventory = try Self.check(try Self.binary("camaudit").path, ["inventory", "list", "--db", database, "--json"])
        let rows = try inventory.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(rows.count == devices.count)
        #expect(rows.contains { $0["mac"] as? String == "c0:56:e3:aa:bb:cc" && $0["site"] as? String == "Namespace School" })
    }

    // MARK: - Helpers

    /// The executable next to the test runner in the build directory.
    static func binary(_ name: String) throws -> URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "\(name) not built next to the tests; run swift build --build-tests first"])
    }

    struct CommandFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs a command and returns its standard output, throwing with its stderr when it fails.
    @discardableResult
    static func check(_ executable: String, _ arguments: [String]) throws -> String {
        let (status, out, err) = try command(executable, arguments)
        guard status == 0 else { throw CommandFailed(description: "\(([executable] + arguments).joined(separator: " ")) exited \(status): \(err)") }
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
