import Foundation
import Testing

/// A capture taken on the far side of a real router: `analyze` reports every device behind it
/// by its address, with the MAC it stated where it stated one, and never the router's MAC.
///
/// Network safety: three namespaces the test creates (devices, router, far side), joined by two
/// veth pairs created inside them; 10.97.1.0/24 and 10.97.2.0/24 exist only there, nothing is
/// added to the test's own namespace, no namespace has a default route, and all three are
/// deleted (with their interfaces) even when the test fails.
@Suite(.serialized) struct RoutedCaptureTests {
    static let deviceSide = "10.97.1.0/24", farSide = "10.97.2.0/24"
    static let farHost = "10.97.2.2"

    struct SetupFailed: Error, CustomStringConvertible { var description: String }

    /// The devices: an address each on the device side, and the corpus answer it sends.
    struct Device {
        var ip: String
        var port: UInt16
        var corpusID: String
        var maker: String
        /// The MAC the answer states (nil: an HTTP 401 states none).
        var statedMAC: String?
    }

    static let devices = [
        Device(ip: "10.97.1.11", port: 37810, corpusID: "ref-9c00d2bf5a", maker: "dahua", statedMAC: "4c:11:bf:12:34:56"),
        Device(ip: "10.97.1.12", port: 37020, corpusID: "ref-05a3e32059", maker: "hikvision", statedMAC: "c0:56:e3:aa:bb:cc"),
        Device(ip: "10.97.1.13", port: 80, corpusID: "pss-hik-isapi-alertstream-401-c2183", maker: "hikvision", statedMAC: nil),
        Device(ip: "10.97.1.14", port: 37810, corpusID: "pss-intelbras-dhip-notify-ss3530", maker: "dahua", statedMAC: "b4:4c:3b:f4:e3:01"),
    ]

    /// Reads a corpus payload the way the Swift fixtures do (hex, or the text's UTF-8).
    static let corpusReader = """
    import json
    def payload(path, ident):
        for line in open(path):
            record = json.loads(line)
            if record["id"] == ident:
                text = record["payload"]
                return bytes.fromhex(text) if record.get("encoding") == "hex" else text.encode("utf-8")
        raise SystemExit("no corpus record " + ident)
    """

    /// The UDP devices send their discovery answers (twice) to the far host, each from its address.
    static let senders = corpusReader + """

    import socket, sys
    for ip, port, ident in [a.split(",") for a in sys.argv[3:]]:
        data = payload(sys.argv[1], ident)
        for _ in range(2):
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.bind((ip, int(port)))
            sock.sendto(data, (sys.argv[2], int(port)))
            sock.close()
    print("sent")
    """

    /// The HTTP device answers one request with the corpus 401, then exits.
    static let server = corpusReader + """

    import socket, sys
    data = payload(sys.argv[1], sys.argv[3])
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((sys.argv[2], 80))
    srv.listen(1)
    srv.settimeout(30)
    conn, _ = srv.accept()
    conn.recv(4096)
    conn.sendall(data)
    conn.close()
    """

    /// The far host asks the HTTP device for a page (retrying until the server listens).
    static let client = """
    import socket, sys, time
    for _ in range(100):
        try:
            conn = socket.create_connection((sys.argv[1], 80), timeout=2)
            break
        except OSError:
            time.sleep(0.1)
    else:
        raise SystemExit("no connection")
    conn.sendall(b"GET /ISAPI/System/deviceInfo HTTP/1.1\\r\\nHost: " + sys.argv[1].encode() + b"\\r\\n\\r\\n")
    received = b""
    while True:
        chunk = conn.recv(65536)
        if not chunk:
            break
        received += chunk
    print(len(received))
    """

    /// SIGTERM, then SIGKILL after a grace period: a test runner can start children with
    /// SIGTERM blocked (tcpdump's -U wrote every packet as it came, so nothing is lost).
    static func stop(_ process: Process) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<40 where process.isRunning { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    @Test(.enabled(if: FleetLab.available, FleetLab.skipReason), .timeLimit(.minutes(2)))
    func devicesBehindARouterAreReportedSeparatelyWithTheirStatedMACs() async throws {
        let ip = try #require(FleetLab.ip), python = try #require(FleetLab.python3), tcpdump = try #require(FleetLab.tcpdump)
        // Not camaudit-rtPID-: the replay suite's fleet-lab once used that name, and its `down`
        // (which deletes camaudit-NAME-*) deleted this test's namespaces mid-run.
        let prefix = "camaudit-routed\(getpid() % 100_000)"
        let (devicesNS, routerNS, farNS) = ("\(prefix)-dev", "\(prefix)-rtr", "\(prefix)-far")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-routed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        var background: [Process] = []
        defer {
            for process in background { Self.stop(process) }
            // Deleting a namespace deletes the veth ends in it, and so their peers.
            for namespace in [devicesNS, routerNS, farNS] { _ = try? FleetLab.runBlocking(ip, ["netns", "del", namespace]) }
            try? FileManager.default.removeItem(at: work)
        }
        func check(_ arguments: [String]) async throws -> String {
            let result = try await FleetLab.run(ip, arguments)
            guard result.status == 0 else { throw SetupFailed(description: "ip \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)") }
            return result.stdout
        }

        // devices [d0] —— [r1] router [r2] —— [f0] far host, forwarding on in the router only.
        for namespace in [devicesNS, routerNS, farNS] { _ = try await check(["netns", "add", namespace]) }
        _ = try await check(["-n", routerNS, "link", "add", "r1", "type", "veth", "peer", "name", "d0", "netns", devicesNS])
        _ = try await check(["-n", routerNS, "link", "add", "r2", "type", "veth", "peer", "name", "f0", "netns", farNS])
        for device in Self.devices { _ = try await check(["-n", devicesNS, "address", "add", "\(device.ip)/24", "dev", "d0"]) }
        _ = try await check(["-n", routerNS, "address", "add", "10.97.1.1/24", "dev", "r1"])
        _ = try await check(["-n", routerNS, "address", "add", "10.97.2.1/24", "dev", "r2"])
        _ = try await check(["-n", farNS, "address", "add", "\(Self.farHost)/24", "dev", "f0"])
        for (namespace, link) in [(devicesNS, "d0"), (routerNS, "r1"), (routerNS, "r2"), (farNS, "f0")] {
            _ = try await check(["-n", namespace, "link", "set", link, "up"])
        }
        _ = try await check(["netns", "exec", routerNS, "/bin/sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward"])
        // Each side reaches the other's /24 through the router, and nothing else.
        _ = try await check(["-n", devicesNS, "route", "add", Self.farSide, "via", "10.97.1.1"])
        _ = try await check(["-n", farNS, "route", "add", Self.deviceSide, "via", "10.97.2.1"])
        for namespace in [devicesNS, routerNS, farNS] {
            let routes = try await check(["-n", namespace, "route", "show"])
            try #require(!routes.contains("default"), "\(namespace) has a default route: \(routes)")
        }
        let routerMAC = try #require(try await check(["-n", routerNS, "link", "show", "r2"]).split(separator: " ").drop { $0 != "link/ether" }.dropFirst().first).lowercased()

        // tcpdump on the far side (`ip netns exec` execs it, so the process is tcpdump itself).
        // --immediate-mode: without it libpcap hands packets over a ring-buffer block at a time,
        // up to a second late, and a loaded machine stopped tcpdump before the block came
        // (an empty capture, once, with every suite and two fuzzers running).
        let pcap = work.appendingPathComponent("routed.pcap").path, errFile = pcap + ".err"
        _ = FileManager.default.createFile(atPath: errFile, contents: nil)
        let capture = Process()
        capture.executableURL = URL(fileURLWithPath: ip)
        capture.arguments = ["netns", "exec", farNS, tcpdump, "-n", "-i", "f0", "-U", "--immediate-mode", "-Z", "root", "-w", pcap]
        capture.standardOutput = FileHandle.nullDevice
        capture.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errFile))
        try capture.run()
        background.append(capture)
        let started = Date()
        while Date().timeIntervalSince(started) < 10, capture.isRunning, (try? String(contentsOfFile: errFile, encoding: .utf8))?.contains("listening on") != true {
            usleep(50_000)
        }
        try #require(capture.isRunning, "tcpdump did not start: \((try? String(contentsOfFile: errFile, encoding: .utf8)) ?? "")")

        // The HTTP device listens; the far host asks it; the UDP devices answer.
        let web = try #require(Self.devices.first { $0.port == 80 })
        let server = Process()
        server.executableURL = URL(fileURLWithPath: ip)
        server.arguments = ["netns", "exec", devicesNS, python, "-c", Self.server, CLITests.corpus, web.ip, web.corpusID]
        server.standardOutput = FileHandle.nullDevice
        try server.run()
        background.append(server)
        let fetched = try await FleetLab.run(ip, ["netns", "exec", farNS, python, "-c", Self.client, web.ip])
        #expect(fetched.status == 0 && (Int(fetched.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 100, "\(fetched.stderr)")
        let udp = Self.devices.filter { $0.port != 80 }.map { "\($0.ip),\($0.port),\($0.corpusID)" }
        let sent = try await FleetLab.run(ip, ["netns", "exec", devicesNS, python, "-c", Self.senders, CLITests.corpus, Self.farHost] + udp)
        #expect(sent.stdout.contains("sent"), "\(sent.stderr)")
        usleep(500_000)
        Self.stop(capture)

        let analyzed = try await CLITests.run(["analyze", pcap, "--all", "--jsonl", "-"])
        #expect(analyzed.status == 0, "\(analyzed.stderr)")
        let reports = try analyzed.lines.map(CLITests.json)
        func addresses(_ report: [String: Any]) -> [String] { report["ip"] as? [String] ?? [] }
        for device in Self.devices {
            let matching = reports.filter { addresses($0).contains(device.ip) }
            #expect(matching.count == 1, "\(device.ip) is in \(matching.count) devices: \(analyzed.stdout)")
            guard let report = matching.first else { continue }
            // Each device is its own, keyed by its address alone.
            #expect(addresses(report) == [device.ip], "\(device.ip): \(report)")
            #expect(report["maker"] as? String == device.maker, "\(device.ip): \(report)")
            #expect(report["mac"] as? String == device.statedMAC, "\(device.ip): \(report)")
            #expect(report["mac_source"] as? String == (device.statedMAC == nil ? "none" : "payload"), "\(device.ip): \(report)")
        }
        // The router's MAC is no device's but its own (its ARP and neighbour discovery), and the
        // far host on the capture's own segment keeps its frame MAC.
        #expect(reports.filter { $0["mac"] as? String == routerMAC }.allSatisfy { report in
            Self.devices.allSatisfy { !addresses(report).contains($0.ip) }
        }, "\(analyzed.stdout)")
        let far = reports.first { addresses($0).contains(Self.farHost) }
        #expect(far?["mac_source"] as? String == "frame" && far?["mac"] as? String != routerMAC, "\(String(describing: far))")

        // The inventory keeps the same devices with the same MACs and sources.
        let database = work.appendingPathComponent("inventory.sqlite").path
        let recorded = try await CLITests.run(["analyze", pcap, "--record", "--db", database, "--site", "Routed School"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let rows = try await CLITests.run(["inventory", "list", "--db", database, "--json"]).lines.map(CLITests.json)
        for device in Self.devices {
            let row = rows.first { ($0["ip"] as? [String])?.contains(device.ip) == true }
            #expect(row?["mac"] as? String == device.statedMAC, "\(device.ip): \(String(describing: row))")
            #expect(row?["mac_source"] as? String == (device.statedMAC == nil ? "none" : "payload"), "\(device.ip): \(String(describing: row))")
        }
        #expect(!rows.contains { $0["mac"] as? String == routerMAC })
    }
}
