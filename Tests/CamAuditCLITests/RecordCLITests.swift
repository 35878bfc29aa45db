import CamAuditTestSupport
import Foundation
import Testing

/// `--record` on analyze and classify: passive and recorded evidence land in the inventory, and a
/// device seen twice stays one device.
@Suite struct RecordCLITests {
    @Test func analyzeRecordsPassiveDevicesOncePerMAC() async throws {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-rec-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) } }
        for _ in 0..<2 {
            let run = try await CLITests.run(["analyze", AnalyzeCLITests.site, "--record", "--db", db, "--site", "North High"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("recorded 5 devices"))
        }
        let rows = try await CLITests.run(["inventory", "list", "--db", db, "--json"]).lines.map(CLITests.json)
        #expect(rows.count == 5)
        #expect(rows.allSatisfy { $0["site"] as? String == "North High" })
        let dahua = try #require(rows.first { $0["mac"] as? String == "4c:11:bf:12:34:56" })
        #expect(dahua["verdict"] as? String == "covered")
        #expect(dahua["model"] as? String == "IPC-HDW5421S")
        #expect(dahua["ip"] as? [String] == ["10.77.0.108"])
        let scans = try await CLITests.run(["inventory", "scans", "--db", db]).stdout
        #expect(scans.components(separatedBy: "passive").count - 1 == 2)
    }

    @Test func classifyRecordsEachGroupAsADevice() async throws {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-rec-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) } }
        let input = """
        {"id":"a","device":"cam1","protocol":"http","port":80,"payload":"HTTP/1.1 401 Unauthorized\\r\\nServer: App-webs/\\r\\nWWW-Authenticate: Digest realm=\\"IP Camera(C1234)\\", nonce=\\"x\\"\\r\\n\\r\\n","encoding":"text"}
        {"id":"b","device":"cam1","protocol":"mac-oui","payload":"bc:ad:28:01:02:03","encoding":"text"}
        {"id":"c","protocol":"http","port":80,"payload":"HTTP/1.1 200 OK\\r\\nServer: nginx\\r\\n\\r\\n","encoding":"text"}
        """
        let run = try await CLITests.run(["classify", "--record", "--db", db, "--site", "South"], stdin: input)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("recorded 2 devices"))
        let rows = try await CLITests.run(["inventory", "list", "--db", db, "--json"]).lines.map(CLITests.json)
        #expect(rows.count == 2)
        #expect(rows.first?["maker"] as? String == "hikvision")
        #expect(rows.first?["verdict"] as? String == "covered")
    }

    /// classify records through the same stream as analyze: a district inventory out of reach
    /// gets the scan kept in this machine's own inventory, and the command says so and how to
    /// send it on (it once printed the server's path for a scan that was not there).
    @Test func classifyKeepsTheScanLocallyWhenTheServerIsOutOfReach() async throws {
        let directory = try PassiveRecordingCLITests.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = (directory as NSString).appendingPathComponent("records.jsonl")
        try """
        {"id":"a","protocol":"http","port":80,"payload":"HTTP/1.1 401 Unauthorized\\r\\nWWW-Authenticate: Digest realm=\\"IP Camera(C1234)\\", nonce=\\"x\\"\\r\\n\\r\\n","encoding":"text"}
        {"id":"b","protocol":"mac-oui","payload":"bc:ad:28:01:02:03","encoding":"text"}

        """.write(toFile: input, atomically: true, encoding: .utf8)
        let closed = try TCPRelay(upstreamPort: 9)
        closed.cut()
        let server = "postgres://camaudit@127.0.0.1:\(closed.port)/district"
        let run = try await PassiveRecordingCLITests.finish(try PassiveRecordingCLITests.startAgent(
            ["classify", input, "--record", "--db", server], dataHome: directory))
        #expect(run.status == 0, "\(run.stderr)")
        let local = (directory as NSString).appendingPathComponent("camaudit/inventory.sqlite")
        #expect(run.stderr.contains("camaudit classify: recorded 2 devices as scan 1 in \(local)"), "\(run.stderr)")
        #expect(run.stderr.contains("camaudit inventory push --from \(local) --db '\(server)'"), "\(run.stderr)")
        let rows = try await CLITests.run(["inventory", "list", "--db", local, "--json"]).lines.map(CLITests.json)
        #expect(rows.count == 2)
    }
}
