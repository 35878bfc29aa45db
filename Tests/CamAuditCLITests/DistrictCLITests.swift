import CamAuditTestSupport
import Foundation
import Testing

/// The district inventory through the real binary: agents in separate processes writing at
/// once, and agents killed with SIGKILL mid-scan, against the throwaway PostgreSQL of
/// `Packaging/with-postgres` (CAMAUDIT_TEST_POSTGRES).
@Suite struct DistrictCLITests {
    @Test func threeAgentsRecordAtOnceWithoutLosingOrDuplicatingADevice() async throws {
        guard let url = try TestPostgres.freshDatabaseURL(prefix: "cli") else { return }
        let sites = ["lincoln-high", "roosevelt-elementary", "jefferson-middle"]
        // The same sample devices seen at three schools at once (a camera moved between
        // them): each device once in the district, every scan complete.
        let processes = try sites.map { site -> (Process, Pipe) in
            let process = Process()
            process.executableURL = try CLITests.binary("camaudit")
            process.arguments = ["demo", "--sample", "--record", "--json", "--db", url, "--site", site]
            let err = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = err
            try process.run()
            return (process, err)
        }
        for (process, err) in processes {
            let message = String(decoding: await err.fileHandleForReading.readToEnd(), as: UTF8.self)
            await process.exited()
            #expect(process.terminationStatus == 0 || process.terminationStatus == 1, "\(message)")
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("one-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        _ = try await CLITests.run(["demo", "--sample", "--record", "--json", "--db", path, "--site", "one"])
        let expected = try await CLITests.run(["inventory", "list", "--json", "--db", path]).lines.count
        #expect(expected > 5)
        #expect(try TestPostgres.count(url, "SELECT COUNT(*) FROM device") == expected)
        #expect(try TestPostgres.count(url, "SELECT COUNT(*) FROM scan WHERE status = 'complete'") == 3)
        #expect(try TestPostgres.count(url, "SELECT COUNT(*) FROM sighting") == expected * 3)
        let listed = try await CLITests.run(["inventory", "list", "--db", url])
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("\(expected) devices at"))
        // The district's board report from PostgreSQL shows every school its devices are at
        // now (a device seen at several schools at once is at the one that wrote last).
        let report = try await CLITests.run(["report", "--db", url, "--format", "html"])
        #expect(report.status == 0, "\(report.stderr)")
        let current = Set(try await CLITests.run(["inventory", "list", "--json", "--db", url]).lines.map(CLITests.json).compactMap { $0["site"] as? String })
        #expect(!current.isEmpty && current.isSubset(of: Set(sites)))
        for site in current { #expect(report.stdout.contains(site), "the report lacks \(site)") }
    }

    /// `kill -9` of an agent mid-import, 20 times: every scan is complete or interrupted once
    /// the inventory is opened again, every completed import is there whole, and nothing is
    /// half-written (each sighting has its evidence and its conclusion).
    @Test func killingAnAgentMidScanLeavesNothingHalfWritten() async throws {
        guard let url = try TestPostgres.freshDatabaseURL(prefix: "cli") else { return }
        let leases = FileManager.default.temporaryDirectory.appendingPathComponent("leases-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: leases) }
        var lines = ""
        for index in 0..<300 {
            lines += "\(1_765_000_000 + index) bc:ad:28:00:\(String(format: "%02x:%02x", index >> 8, index & 255)) 10.20.\(index / 250).\(index % 250 + 1) cam-\(index) *\n"
        }
        try lines.write(toFile: leases, atomically: true, encoding: .utf8)
        var completed = 0
        var generator = SystemRandomNumberGenerator()
        for round in 0..<20 {
            let process = Process()
            process.executableURL = try CLITests.binary("camaudit")
            process.arguments = ["import", "dhcp", leases, "--db", url, "--site", "school-\(round % 3)"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The import has begun once its scan is in the inventory: on a loaded machine the
            // process can take longer than the shortest wait below just to start and connect.
            let started = Date()
            // (The first process creates the tables, so the query may fail until then.)
            while process.isRunning, ((try? TestPostgres.count(url, "SELECT COUNT(*) FROM scan")) ?? 0) <= round, Date().timeIntervalSince(started) < 60 {
                try await Task.sleep(for: .milliseconds(20))
            }
            // Some rounds are killed early, some late, a few finish.
            try await Task.sleep(for: .seconds(Double.random(in: 0.2...3.5, using: &generator)))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            if process.terminationReason == .exit && process.terminationStatus <= 1 { completed += 1 }
        }
        // Opening the inventory marks the killed agents' scans.
        #expect(try await CLITests.run(["inventory", "scans", "--db", url]).status == 0)
        #expect(try TestPostgres.count(url, "SELECT COUNT(*) FROM scan WHERE status = 'running'") == 0)
        #expect(try TestPostgres.count(url, "SELECT COUNT(*) FROM scan") == 20)
        // Every import that exited is complete (one killed just after finishing is too).
        #expect(try TestPostgres.count(url, "SELECT COUNT(*) FROM scan WHERE status = 'complete'") >= completed)
        #expect(try TestPostgres.count(url, "SELECT COUNT(*) FROM scan WHERE status = 'complete' AND device_count <> 300") == 0)
        #expect(try TestPostgres.count(url, "SELECT COUNT(*) FROM sighting g WHERE NOT EXISTS (SELECT 1 FROM conclusion c WHERE c.scan_id = g.scan_id AND c.device_id = g.device_id)") == 0)
        #expect(try TestPostgres.count(url, "SELECT COUNT(*) FROM sighting g WHERE NOT EXISTS (SELECT 1 FROM observation o WHERE o.scan_id = g.scan_id AND o.device_id = g.device_id)") == 0)
        // Killed imports keep the batches they committed; one that finished has them all.
        let devices = try TestPostgres.count(url, "SELECT COUNT(*) FROM device")
        #expect(completed == 0 ? devices <= 300 : devices == 300)
    }

    @Test func aURLWithAnotherSchemeIsAnErrorNotADirectory() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scheme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = try CLITests.binary("camaudit")
        process.arguments = ["report", "--db", "mysql://db.example/district"]
        process.currentDirectoryURL = directory
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: await err.fileHandleForReading.readToEnd(), as: UTF8.self)
        await process.exited()
        #expect(process.terminationStatus == 3)
        #expect(message.contains("postgres://"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
