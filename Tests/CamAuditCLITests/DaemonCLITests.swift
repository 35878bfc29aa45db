import Foundation
import Testing

/// `camaudit config check` and `camaudit daemon` as real processes: start, metrics, SIGHUP
/// reloads good and broken, SIGTERM with the inventory intact.
@Suite(.serialized) struct DaemonCLITests {
    @Test func configCheckExitCodes() async throws {
        let daemon = try DaemonProcess()
        try daemon.writeConfig(sites: [("North", "10.1.0.0/24")])
        let good = try await CLITests.run(["config", "check", daemon.configPath])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("site North: 10.1.0.0/24"))

        try "sites:\n  - name: North\n    networks: [10.1.0.0/33]\n".write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
        let bad = try await CLITests.run(["config", "check", daemon.configPath])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("\(daemon.configPath):3:16: error: '10.1.0.0/33' is not an IPv4 address"), "\(bad.stderr)")

        let missing = try await CLITests.run(["config", "check", daemon.directory.appendingPathComponent("none.yaml").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read the file"))
    }

    @Test func daemonRefusesToStartOnABrokenConfiguration() async throws {
        let daemon = try DaemonProcess()
        try "rates: {timeout: forever}\n".write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
        let result = try await CLITests.run(["daemon", "--config", daemon.configPath])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(daemon.configPath):1:18: error: timeout must be a duration"), "\(result.stderr)")
    }

    /// The whole life of the daemon. As root it also listens on lo and must store a DHIP
    /// announcement sent just before SIGTERM (the record interval is an hour, so only the
    /// shutdown flush can have written it). The filter keeps out the loopback traffic of the
    /// tests running alongside.
    @Test(.timeLimit(.minutes(2))) func lifecycleReloadAndGracefulShutdown() async throws {
        let root = geteuid() == 0
        let daemon = try DaemonProcess()
        try daemon.writeConfig(sites: [("Loopback School", "127.0.0.0/16")], interfaces: root ? ["lo"] : [], filter: Self.filter)
        try daemon.start()
        #expect(await daemon.waitForLog("metrics.listening"), "\(daemon.log)")

        var metrics = try daemon.metrics()
        #expect(DaemonProcess.sample(metrics, "camaudit_config_sites") == 1)
        #expect(metrics.contains("camaudit_devices{verdict=\"covered\"} 0"))
        #expect((DaemonProcess.sample(metrics, "camaudit_resident_memory_bytes") ?? 0) > 0)
        #expect(try DaemonProcess.httpGet(port: daemon.metricsPort, path: "/").hasPrefix("HTTP/1.0 404"))
        // A client that connects and sends nothing holds nothing up.
        let silent = try DaemonProcess.connect(port: daemon.metricsPort)
        defer { close(silent) }
        #expect(DaemonProcess.sample(try daemon.metrics(), "camaudit_config_sites") == 1)

        // A good file: applied.
        try daemon.writeConfig(sites: [("Loopback School", "127.0.0.0/16"), ("Annex", "10.77.1.0/24")], interfaces: root ? ["lo"] : [], filter: Self.filter)
        daemon.signal(SIGHUP)
        #expect(await daemon.waitForLog("config.reloaded"), "\(daemon.log)")
        metrics = try daemon.metrics()
        #expect(DaemonProcess.sample(metrics, "camaudit_config_sites") == 2)
        #expect(DaemonProcess.sample(metrics, "camaudit_config_reloads_total") == 1)

        // A broken file: refused with its location, the last good one stays.
        try "sites:\n  - name: Annex\n    networks: [10.77.1.0/24]\nlisten: {interfaces: lo}\n".write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(await daemon.waitForLog("config.kept"), "\(daemon.log)")
        #expect(daemon.log.contains("\(daemon.configPath):4:22: error: listen.interfaces must be a list"), "\(daemon.log)")
        metrics = try daemon.metrics()
        #expect(DaemonProcess.sample(metrics, "camaudit_config_sites") == 2)
        #expect(DaemonProcess.sample(metrics, "camaudit_config_reload_failures_total") == 1)
        #expect(DaemonProcess.sample(metrics, "camaudit_config_reloads_total") == 1)

        if root {
            #expect(await daemon.waitForLog("capture.started"), "\(daemon.log)")
            try Self.sendDHIPAnnouncement()
            try await Task.sleep(for: .milliseconds(300))
        }
        daemon.signal(SIGTERM)
        let status = await daemon.waitForExit()
        #expect(status == 0, "\(daemon.log)")
        #expect(daemon.log.contains("daemon.stopped"))

        let scans = try await CLITests.run(["inventory", "scans", "--db", daemon.databasePath])
        #expect(scans.status == 0, "\(scans.stderr)")
        if root {
            // The passive scan was closed, and the announcement's device and evidence are there.
            #expect(scans.stdout.contains("passive   complete     1 devices, 1 covered"), "\(scans.stdout)\n\(daemon.log)")
            let list = try await CLITests.run(["inventory", "list", "--db", daemon.databasePath, "--json"])
            let device = try CLITests.json(list.lines.first ?? "")
            #expect(device["model"] as? String == "IPC-HDW5421S")
            #expect(device["site"] as? String == "Loopback School")
            #expect(device["verdict"] as? String == "covered")
            #expect(daemon.log.contains("store.evidence=9"), "\(daemon.log)")
        } else {
            #expect(!scans.stdout.contains("running"))
        }
    }

    /// The timer's `scheduled-run` opens the inventory while the daemon is writing its passive
    /// scan into it; the scan must stay `running` (its writer is alive) and close at shutdown.
    @Test(.enabled(if: geteuid() == 0, "listening on lo needs CAP_NET_RAW; run the tests as root (CI does)"), .timeLimit(.minutes(2)))
    func anotherProcessOpeningTheInventoryLeavesTheDaemonsScanRunning() async throws {
        let daemon = try DaemonProcess()
        try daemon.writeConfig(sites: [("Loopback School", "127.0.0.0/16")], interfaces: ["lo"], filter: Self.filter, recordInterval: "1s")
        try daemon.start()
        #expect(await daemon.waitForLog("capture.started"), "\(daemon.log)")
        try Self.sendDHIPAnnouncement()
        #expect(await daemon.waitForLog("store.scan.started"), "\(daemon.log)")

        let report = try await CLITests.run(["scheduled-run", "--config", daemon.configPath, "--report-only"])
        #expect(report.status == 0, "\(report.stderr)")
        let during = try await CLITests.run(["inventory", "scans", "--db", daemon.databasePath])
        #expect(during.stdout.contains("passive   running"), "\(during.stdout)")
        // What the capture holds is exported after each record: the announcement's evidence.
        var held: Double?
        for _ in 0..<50 where (held ?? 0) == 0 {
            held = DaemonProcess.sample(try daemon.metrics(), "camaudit_capture_evidence_bytes{interface=\"lo\"}")
            try await Task.sleep(for: .milliseconds(100))
        }
        // Packed (SenderEvidence): the announcement's values and their origin, about 150 bytes.
        #expect((held ?? 0) > 100, "\(String(describing: held))")
        #expect(DaemonProcess.sample(try daemon.metrics(), "camaudit_capture_untracked{interface=\"lo\",what=\"observations\"}") == 0)

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0, "\(daemon.log)")
        let after = try await CLITests.run(["inventory", "scans", "--db", daemon.databasePath])
        #expect(after.stdout.contains("passive   complete     1 devices, 1 covered"), "\(after.stdout)\n\(daemon.log)")
    }

    static let filter = "udp and src host 127.0.0.9 and src port 37810"

    /// The Dahua DHIP `client.notifyDevInfo` from the corpus, from 127.0.0.9 to 127.0.0.1.
    static func sendDHIPAnnouncement() throws {
        let corpus = try String(contentsOfFile: CLITests.corpus, encoding: .utf8)
        let line = try #require(corpus.split(separator: "\n").first { $0.contains("\"pss-dh-37810-notifydevinfo-hdw5421s\"") })
        let record = try CLITests.json(String(line))
        let hex = try #require(record["payload"] as? String)
        var payload: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            payload.append(try #require(UInt8(hex[index..<next], radix: 16)))
            index = next
        }
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(descriptor) }
        var source = sockaddr_in()
        source.sin_family = sa_family_t(AF_INET)
        source.sin_port = in_port_t(UInt16(37810).bigEndian)
        source.sin_addr.s_addr = inet_addr("127.0.0.9")
        let bound = withUnsafePointer(to: &source) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        #expect(bound == 0)
        var destination = source
        destination.sin_addr.s_addr = inet_addr("127.0.0.1")
        let sent = payload.withUnsafeBytes { bytes in
            withUnsafePointer(to: &destination) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(descriptor, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        #expect(sent == payload.count)
    }
}
