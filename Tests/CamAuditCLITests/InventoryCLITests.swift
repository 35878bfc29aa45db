import Foundation
import Testing

/// The inventory through the real binary, including a writer killed with SIGKILL.
@Suite struct InventoryCLITests {
    func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-inv-\(UUID().uuidString)/inventory.sqlite").path
    }

    func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }

    @Test func demoFillsTheInventoryAndDiffSeesNoChange() async throws {
        let db = temporaryDatabase()
        defer { remove(db) }
        #expect(try await CLITests.run(["demo", "--sample", "--record", "--db", db, "--site", "Lincoln High"]).status == 0)
        #expect(try await CLITests.run(["demo", "--sample", "--record", "--db", db, "--site", "Lincoln High"]).status == 0)
        let list = try await CLITests.run(["inventory", "list", "--db", db, "--json"])
        #expect(list.status == 0)
        let rows = try list.lines.map(CLITests.json)
        #expect(rows.count == 10)
        #expect(rows.first?["verdict"] as? String == "covered")
        #expect(rows.first?["site"] as? String == "Lincoln High")
        let diff = try await CLITests.run(["inventory", "diff", "--db", db, "--json"])
        let changes = try CLITests.json(diff.stdout)
        for group in ["new", "gone", "moved", "reclassified"] {
            #expect((changes[group] as? [Any])?.isEmpty == true, "\(group)")
        }
        let reclassify = try await CLITests.run(["reclassify", "--db", db])
        #expect(reclassify.stdout.contains("0 verdict or maker change"))
        let id = try #require(rows.first?["device_id"] as? Int)
        #expect(try await CLITests.run(["device", "mark", String(id), "--status", "planned", "--note", "summer 2027", "--db", db]).status == 0)
        #expect(try await CLITests.run(["device", "mark", String(id), "--status", "burned", "--db", db]).status == 2)
        #expect(try await CLITests.run(["device", "mark", "9999", "--status", "removed", "--db", db]).status == 3)
        #expect(try await CLITests.run(["inventory", "list", "--db", db]).stdout.contains("planned"))
    }

    @Test func aWriterKilledAtAnyMomentLeavesEarlierScansIntact() async throws {
        let db = temporaryDatabase()
        defer { remove(db) }
        for _ in 0..<2 { #expect(try await CLITests.run(["demo", "--sample", "--record", "--db", db]).status == 0) }
        let binary = try CLITests.binary("camaudit")
        for round in 0..<12 {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["demo", "--sample", "--record", "--db", db]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(round * 7_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let scans = try await CLITests.run(["inventory", "scans", "--db", db])
        #expect(scans.status == 0)
        let lines = scans.lines
        #expect(lines.count >= 2)
        // The two scans that finished before the kills are complete with all ten devices.
        for line in lines.prefix(2) {
            #expect(line.contains("complete") && line.contains("10 devices"), "\(line)")
        }
        // Every later scan either finished or is marked interrupted: none is left "running".
        #expect(lines.allSatisfy { $0.contains("complete") || $0.contains("interrupted") })
        #expect(try await CLITests.run(["inventory", "list", "--db", db, "--json"]).lines.count == 10)
    }
}
