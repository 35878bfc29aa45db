import Foundation
import Testing

/// The real binaries end to end on loopback: `camaudit fleet serve` plays the district,
/// `camaudit scan` finds it, the answer key from `camaudit fleet list --json` grades the scan, and
/// the fleet's request log proves the scan stayed read-only. Ports 80 and 554 need root.
@Suite(.serialized) struct FleetScanCLITests {
    static let isRoot = geteuid() == 0

    /// Starts `fleet serve` and waits until it says it is serving (every port bound).
    static func startFleet(base: String, log: String, output: String) throws -> Process {
        let process = Process()
        process.executableURL = try CLITests.binary("camaudit")
        process.arguments = ["fleet", "serve", "--base", base, "--log", log]
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<200 {
            if (try? String(contentsOfFile: output, encoding: .utf8))?.contains("serving") == true { return process }
            if !process.isRunning { break }
            usleep(50_000)
        }
        process.terminate()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "fleet serve did not come up: \((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")"])
    }

    @Test(.enabled(if: isRoot, "the fleet binds ports 80 and 554, which needs root; run the tests as root (CI does)"))
    func scanFindsEveryCoveredDeviceOfTheFleetAndStaysReadOnly() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-fleetscan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("fleet.jsonl").path
        let results = directory.appendingPathComponent("scan.jsonl").path
        let base = "127.78.0.0"
        let fleetOutput = directory.appendingPathComponent("fleet.out").path
        let fleet = try Self.startFleet(base: base, log: log, output: fleetOutput)
        defer { if fleet.isRunning { fleet.terminate() } }

        let sites = (1...6).map { "127.78.\($0).0/27" }
        let scan = try await CLITests.run(["scan"] + sites + ["--rate", "3000", "--host-rate", "300", "--timeout", "1000", "--jsonl", results])
        #expect(scan.status == 1, "scan exits 1 when covered devices are found: \(scan.stderr)")

        fleet.interrupt()
        fleet.waitUntilExit()
        let served = try String(contentsOfFile: fleetOutput, encoding: .utf8)
        #expect(served.contains("0 broke the read-only promise"), "\(served.suffix(2000))")

        let truth = try await CLITests.run(["fleet", "list", "--base", base, "--json"]).lines.map(CLITests.json)
        #expect(truth.count == 84)
        let found = try String(contentsOfFile: results, encoding: .utf8).split(separator: "\n").map { try CLITests.json(String($0)) }
        let byAddress = Dictionary(found.map { ($0["ip"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        var missed: [String] = [], wrong: [String] = [], macs: [String] = []
        for device in truth {
            let ip = device["ip"] as? String ?? ""
            let verdict = byAddress[ip]?["verdict"] as? String
            let flagged = verdict == "covered" || verdict == "likely-covered"
            let covered = device["covered"] as? Bool ?? false
            if covered && !flagged { missed.append("\(device["name"] ?? ip): \(verdict ?? "not found")") }
            if !covered && flagged { wrong.append("\(device["name"] ?? ip)") }
            // Devices whose discovery answer carries the MAC must be reported with their own.
            let profile = device["profile"] as? String ?? ""
            if profile.hasPrefix("hik-") || profile == "dahua-ip-camera", let mac = byAddress[ip]?["mac"] as? String, mac != device["mac"] as? String {
                macs.append("\(ip): \(mac)")
            }
        }
        #expect(missed.isEmpty, "covered devices missed: \(missed)")
        #expect(wrong.isEmpty, "devices wrongly flagged: \(wrong)")
        #expect(macs.isEmpty, "wrong MACs: \(macs)")
        // Every request the fleet logged came from the scan and is in its log.
        let logged = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(logged.count > 84)
    }

    @Test(.enabled(if: isRoot || FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"),
                   "the demo needs root or unshare for its private loopback"))
    func demoShowsTheDistrictWithItsCoveredDevices() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("inventory.sqlite").path
        let report = directory.appendingPathComponent("board.html").path
        let started = Date()
        let demo = try await CLITests.run(["demo", "--db", db, "--report", report])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(demo.stdout.contains("46 devices made by Hikvision or Dahua (or their brands) at 6 sites."), "\(demo.stdout.suffix(1500))")
        #expect(demo.stdout.contains("no login, no video or snapshot, no write"))
        #expect(demo.stdout.contains("board report: \(report)"))
        let html = try String(contentsOfFile: report, encoding: .utf8)
        for text in ["jefferson-high", "DS-2TD6537T-50H4LX", "Intelbras"] { #expect(html.contains(text), "report lacks \(text)") }
        // The recorders' own ports (issue 16): a Hikvision /16P NVR and a Dahua -8P NVR at Lincoln.
        #expect(html.contains("<strong>lincoln-elementary</strong>: up to 24 further cameras may be connected to recorders&#39; own ports"))
        let inventory = try await CLITests.run(["inventory", "list", "--db", db, "--json"]).lines.map(CLITests.json)
        #expect(inventory.filter { ["covered", "likely-covered"].contains($0["verdict"] as? String ?? "") }.count == 46)

        // A term later: replaced devices are gone, a re-addressed camera has moved, and the
        // report's trend table says so per school.
        let later = try await CLITests.run(["demo", "--next-term", "--db", db, "--report", report])
        #expect(later.status == 0, "\(later.stderr)")
        // One line per school: its latest scan against its previous one.
        let diffs = try await CLITests.run(["inventory", "diff", "--db", db, "--json"]).lines.map(CLITests.json)
        #expect(Set(diffs.compactMap { $0["site"] as? String }).count == 6, "\(diffs)")
        #expect(diffs.contains { ($0["gone"] as? [Any])?.isEmpty == false }, "\(diffs)")
        #expect(diffs.contains { ($0["moved"] as? [[String: Any]])?.contains { ($0["after"] as? String)?.hasSuffix(".30") == true } == true }, "\(diffs)")
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("<table id=\"trend\">"))
    }
}
