import Foundation
import Testing

/// camaudit-scan.service as systemd would start it (CI has no running systemd): its ExecStart
/// line, read from the unit, with a minimal environment, against the simulated fleet on
/// loopback; it must scan every configured site and write the reports.
@Suite(.serialized) struct ScheduledScanCLITests {
    static let unit = CLITests.packageRoot.appendingPathComponent("Packaging/systemd/camaudit-scan.service").path

    /// The unit's ExecStart, split into words, with the installed paths replaced by this
    /// build's binary and the test's configuration.
    static func execStart(binary: String, config: String) throws -> [String] {
        let text = try String(contentsOfFile: unit, encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        return line.dropFirst("ExecStart=".count).split(separator: " ").map { word in
            switch word {
            case "/usr/bin/camaudit": return binary
            case "/etc/camaudit/camaudit.yaml": return config
            default: return String(word)
            }
        }
    }

    @Test(.enabled(if: geteuid() == 0, "the fleet binds ports 80 and 554, which needs root; run the tests as root (CI does)"), .timeLimit(.minutes(3)))
    func timerServiceScansTheFleetAndWritesTheReports() async throws {
        let daemon = try DaemonProcess()
        let base = "127.91.0.0"
        let fleet = try FleetScanCLITests.startFleet(base: base, log: daemon.directory.appendingPathComponent("fleet.jsonl").path,
                                                     output: daemon.directory.appendingPathComponent("fleet.out").path)
        defer { if fleet.isRunning { fleet.terminate() } }
        try daemon.writeConfig(sites: [("North", "127.91.1.0/27"), ("South", "127.91.2.0/27")],
                               extra: "rates: {probes_per_second: 3000, per_host_per_second: 100, timeout: 1s}\n")

        let command = try Self.execStart(binary: try CLITests.binary("camaudit").path, config: daemon.configPath)
        #expect(command.count >= 2 && command[1] == "scheduled-run", "\(command)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        let log = daemon.directory.appendingPathComponent("scan.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        await process.exited()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("site.name=North") && output.contains("site.name=South"), "\(output)")

        // Both sites recorded as complete active scans.
        let scans = try await CLITests.run(["inventory", "scans", "--db", daemon.databasePath])
        #expect(scans.stdout.split(separator: "\n").filter { $0.contains("active") && $0.contains("complete") }.count == 2, "\(scans.stdout)")

        // The reports, dated and latest, name the covered devices the fleet holds at those sites.
        let reports = try FileManager.default.contentsOfDirectory(atPath: daemon.reportsPath).sorted()
        #expect(reports.contains("latest.html") && reports.contains("latest.csv"), "\(reports)")
        #expect(reports.filter { $0.hasPrefix("camaudit-report-") }.count == 2, "\(reports)")
        let csv = try String(contentsOfFile: daemon.reportsPath + "/latest.csv", encoding: .utf8)
        let truth = try await CLITests.run(["fleet", "list", "--base", base, "--json"]).lines.map(CLITests.json)
        let coveredHere = truth.filter { device in
            let ip = device["ip"] as? String ?? ""
            let inSites = ip.hasPrefix("127.91.1.") || ip.hasPrefix("127.91.2.")
            return inSites && (device["covered"] as? Bool ?? false) && (Int(ip.split(separator: ".").last ?? "") ?? 99) < 32
        }
        #expect(!coveredHere.isEmpty)
        for device in coveredHere {
            let ip = device["ip"] as? String ?? ""
            let row = csv.split(separator: "\n").first { $0.contains(",\"\(ip)\",") }
            #expect(row != nil, "\(ip) missing from the CSV report")
            #expect(row?.contains("covered") == true, "\(row ?? "")")
        }
        let html = try String(contentsOfFile: daemon.reportsPath + "/latest.html", encoding: .utf8)
        #expect(html.contains("North") && html.contains("South"))
    }

    @Test func reportOnlyWritesTheReportsWithoutScanning() async throws {
        let daemon = try DaemonProcess()
        try daemon.writeConfig(sites: [("North", "10.77.1.0/24")])
        let result = try await CLITests.run(["scheduled-run", "--config", daemon.configPath, "--report-only"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let reports = try FileManager.default.contentsOfDirectory(atPath: daemon.reportsPath)
        #expect(Set(reports.filter { $0.hasPrefix("latest.") }) == ["latest.html", "latest.csv"])
        let scans = try await CLITests.run(["inventory", "scans", "--db", daemon.databasePath])
        #expect(scans.stdout.isEmpty, "nothing was scanned: \(scans.stdout)")
    }
}
