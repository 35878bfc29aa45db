import Foundation
import Testing

/// `camaudit import`: the district's tables recorded as a scan of kind `import` that `report`
/// and `inventory diff` include; bad lines reported by file and line; exit codes.
@Suite struct ImportCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/import").path

    static func fixture(_ name: String) -> String { fixtures + "/" + name }

    func temporaryDB() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-import-\(UUID().uuidString).sqlite").path
    }

    func remove(_ db: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
    }

    @Test func leasesAndSwitchTableReachTheBoardReport() async throws {
        let db = temporaryDB()
        defer { remove(db) }
        let leases = try await CLITests.run(["import", "dhcp", Self.fixture("dhcpd.leases"), "--db", db, "--site", "Lincoln High"])
        #expect(leases.status == 0, "\(leases.stderr)")
        #expect(leases.stderr.contains("dhcpd.leases:57: error: hardware statement without a MAC address"))
        #expect(leases.stderr.contains("isc-dhcpd, 70 lines, 5 rows, 2 lines skipped"))
        let table = try await CLITests.run(["import", "mac-table", Self.fixture("cisco-ios-mac.txt"), "--db", db, "--site", "Lincoln High", "--json"])
        #expect(table.status == 0, "\(table.stderr)")
        let devices = try table.lines.map(CLITests.json)
        let camera = try #require(devices.first { $0["mac"] as? String == "04:03:12:5a:6b:7c" })
        #expect(camera["verdict"] as? String == "covered")
        #expect(camera["ip"] as? [String] == ["10.30.0.14"])
        #expect((camera["summary"] as? String)?.contains("switch core-1 port Gi1/0/14 VLAN 30") == true)

        let scans = try await CLITests.run(["inventory", "scans", "--db", db]).stdout
        #expect(scans.split(separator: "\n").filter { $0.contains(" import ") }.count == 2)
        let report = try await CLITests.run(["report", "--format", "csv", "--db", db])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("04:03:12:5a:6b:7c"))
        #expect(report.stdout.contains("08:ed:ed:11:22:33"))
        let html = try await CLITests.run(["report", "--format", "html", "--db", db])
        #expect(html.stdout.contains("switch core-1 port Gi1/0/14 VLAN 30"))
    }

    @Test func aSecondImportIsComparedWithTheFirst() async throws {
        let db = temporaryDB()
        defer { remove(db) }
        for name in ["cisco-ios-mac.txt", "aruba-cx-mac.txt"] {
            let run = try await CLITests.run(["import", "mac-table", Self.fixture(name), "--db", db, "--site", "Lincoln High"])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let diff = try await CLITests.run(["inventory", "diff", "--db", db, "--json"])
        #expect(diff.status == 0, "\(diff.stderr)")
        let changes = try CLITests.json(try #require(diff.lines.first))
        // The Aruba access switch shows one new camera; the three on the Cisco core are not in it.
        #expect((changes["new"] as? [Any])?.count == 1)
        #expect((changes["gone"] as? [Any])?.count == 3)
    }

    @Test func anUnreadableOrUnknownFileRecordsNothing() async throws {
        let db = temporaryDB()
        defer { remove(db) }
        let missing = try await CLITests.run(["import", "dhcp", Self.fixture("dhcpd.leases"), "/nonexistent/leases", "--db", db])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("cannot read /nonexistent/leases"))
        let wrongKind = try await CLITests.run(["import", "dhcp", Self.fixture("cisco-arp.txt"), "--db", db])
        #expect(wrongKind.status == 3)
        #expect(wrongKind.stderr.contains("give --format"))
        #expect(!FileManager.default.fileExists(atPath: db))
        let usage = try await CLITests.run(["import", "dhcp", Self.fixture("dhcpd.leases"), "--format", "cisco", "--db", db])
        #expect(usage.status == 2)
        let kind = try await CLITests.run(["import", "leases", Self.fixture("dhcpd.leases"), "--db", db])
        #expect(kind.status == 2)
    }

    @Test func forcedFormatReadsAFileDetectionWouldNotTake() async throws {
        let db = temporaryDB()
        defer { remove(db) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-rows-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Rows of `show mac address-table` without the header or prompt a detector looks for.
        try "  30    0403.125a.6b7c    DYNAMIC     Gi1/0/14\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try await CLITests.run(["import", "mac-table", path, "--db", db]).status == 3)
        let forced = try await CLITests.run(["import", "mac-table", path, "--format", "cisco", "--switch", "core-9", "--db", db, "--json"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("switch core-9 port Gi1/0/14 VLAN 30"))
    }
}
