import Foundation
import Testing

/// `camaudit scan` as a user runs it: refusals are usage errors (2), unreadable input is a
/// runtime failure (3), and a scan with nothing covered exits 0 with the documented fields.
@Suite struct ScanCLITests {
    @Test func refusesPublicEmptyAndBadScopesWithStatus2() async throws {
        let cases: [([String], String)] = [
            (["scan", "8.8.8.8"], "public address space"),
            (["scan", "10.0.0.5", "--exclude", "10.0.0.0/24"], "excluded"),
            (["scan"], "no targets"),
            (["scan", "10.0.0.0/8"], "--max-hosts"),
            (["scan", "10.0.0.1", "--ports", "80,http"], "not a port number"),
            (["scan", "10.0.0.1", "--rate", "0"], "positive"),
            (["scan", "239.255.255.250", "--allow-public"], "multicast"),
            (["scan", "--ipv6-link-local", "camaudit-nx0"], "no such interface"),
            (["scan", "--ipv6-link-local", "lo"], "loopback"),
        ]
        for (arguments, words) in cases {
            let result = try await CLITests.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(words), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func unreadableTargetsFileIsARuntimeFailure() async throws {
        let result = try await CLITests.run(["scan", "--targets-file", "/nonexistent/targets.txt"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("cannot read the targets file"))
    }

    @Test func scanWithNothingCoveredExitsZeroAndRecords() async throws {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-scan-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) } }
        let log = db + ".requests.jsonl"
        defer { try? FileManager.default.removeItem(atPath: log) }
        // Loopback addresses with nothing listening: every port refuses, nothing is covered.
        let result = try await CLITests.run(["scan", "127.79.8.1-2", "--ports", "18080", "--timeout", "200", "--no-discovery", "--all", "--jsonl", "-",
                                       "--log-requests", log, "--record", "--db", db, "--site", "Test School"])
        #expect(result.status == 0, "\(result.stderr)")
        let hosts = try result.lines.map(CLITests.json)
        #expect(hosts.count == 2)
        let expected: Set<String> = ["ip", "mac", "maker", "brand", "model", "firmware", "device_type", "verdict", "covered", "lists", "confidence", "evidence", "ports", "status"]
        for host in hosts {
            #expect(Set(host.keys) == expected)
            #expect(host["status"] as? String == "closed")
        }
        let requests = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map { try CLITests.json(String($0)) }
        #expect(!requests.isEmpty && requests.allSatisfy { ["127.79.8.1", "127.79.8.2"].contains($0["ip"] as? String) })
        // Hosts that answered nothing are shown with --all but are no devices to record.
        #expect(result.stderr.contains("camaudit scan: recorded 0 devices as scan 1 in \(db)"), "\(result.stderr)")
        let scans = try await CLITests.run(["inventory", "scans", "--db", db])
        #expect(scans.status == 0)
        #expect(scans.stdout.contains("127.79.8.1-127.79.8.2"), "\(scans.stdout)")
    }
}
