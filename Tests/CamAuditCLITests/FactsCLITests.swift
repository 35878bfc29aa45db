import Foundation
import Testing

/// Issue 17 through the real binary: facts, purchase import, determinations in the report,
/// and a signed evidence bundle that notices a changed byte.
@Suite struct FactsCLITests {
    @Test func signaturesVerifyChecksAPolicyFilesRules() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let shipped = try await CLITests.run(["signatures", "verify", root + "/Signatures/policy/banlists.xml"])
        #expect(shipped.status == 0)
        let broken = try await CLITests.run(["signatures", "verify", root + "/Tests/Fixtures/signatures/broken/determination_wrong.xml"])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("determination_wrong.xml:9: error: list t-grant: example yields restricted, expected prohibited"))
    }

    @Test func factsDeterminationsAndTheEvidenceBundle() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-facts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("inventory.sqlite").path
        #expect(try await CLITests.run(["demo", "--sample", "--record", "--db", db, "--site", "Bayou High"]).status == 0)
        let rows = try await CLITests.run(["inventory", "list", "--db", db, "--json"]).lines.map(CLITests.json)
        let flagged = rows.filter { ["covered", "likely-covered"].contains($0["verdict"] as? String ?? "") }
        #expect(flagged.count >= 2)
        let first = try #require(flagged.first?["device_id"] as? Int)

        // Facts: bad values are usage errors; good ones are shown back with who entered them.
        #expect(try await CLITests.run(["site", "facts", "Bayou High", "--state", "Louisiana", "--db", db]).status == 2)
        let site = try await CLITests.run(["site", "facts", "Bayou High", "--state", "la", "--funding", "local", "--federal-contractor", "no", "--by", "ana", "--db", db])
        #expect(site.status == 0)
        #expect(site.stdout.contains("state = LA  (entered by ana"))
        #expect(try await CLITests.run(["device", "facts", "9999", "--note", "x", "--db", db]).status == 3)
        #expect(try await CLITests.run(["device", "facts", String(first), "--acquired", "2021-13-01", "--db", db]).status == 2)
        #expect(try await CLITests.run(["device", "facts", String(first), "--asset-tag", "BHS-1", "--db", db]).status == 0)

        // Purchases: the tagged device matches, a stranger does not, a bad line is named.
        let csv = directory.appendingPathComponent("purchases.csv").path
        try "asset_tag,mac,acquired,funding\nBHS-1,,2023-04-01,local\n,aa:bb:cc:dd:ee:ff,2023-04-01,local\nBHS-1,,someday,local\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try await CLITests.run(["import", "purchases", csv, "--db", db, "--by", "clerk"])
        #expect(imported.status == 1)
        #expect(imported.stdout.contains("\(csv):3: no device matches mac aa:bb:cc:dd:ee:ff: not applied"))
        #expect(imported.stderr.contains("\(csv):4: acquired 'someday' is not a date"))
        #expect(imported.stdout.contains("1 row applied (2 facts)"))

        // The report: Louisiana after 2021 prohibits the dated device; the others need a date.
        let report = try await CLITests.json(CLITests.run(["report", "--format", "json", "--db", db]).stdout)
        let devices = try #require(report["devices"] as? [[String: Any]])
        func outcome(_ device: Int, _ list: String) -> String? {
            let items = devices.first { $0["device_id"] as? Int == device }?["determinations"] as? [[String: Any]]
            return items?.first { $0["list"] as? String == list }?["outcome"] as? String
        }
        #expect(outcome(first, "la-rs39-1753.1") == "prohibited")
        let second = try #require(flagged.dropFirst().first?["device_id"] as? Int)
        #expect(outcome(second, "la-rs39-1753.1") == "needs-facts")
        #expect(outcome(second, "fcc-54.10") == "not-reached")
        let html = try await CLITests.run(["report", "--db", db]).stdout
        #expect(html.contains("What the law asks of the district") && !html.contains("<script"))

        // The bundle: keygen, export, verify; one changed byte fails verify with exit 1.
        let key = directory.appendingPathComponent("district.key").path
        #expect(try await CLITests.run(["evidence", "keygen", "--output", key]).status == 0)
        let bundle = directory.appendingPathComponent("evidence.tar").path
        #expect(try await CLITests.run(["evidence", "export", "--db", db, "--output", bundle, "--key", key]).status == 0)
        let verified = try await CLITests.run(["evidence", "verify", bundle, "--key", key + ".pub"])
        #expect(verified.status == 0 && verified.stdout.hasPrefix("intact:"))
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: bundle)))
        let marker = Array("\"entered_by\":\"clerk\"".utf8)
        let at = try #require((0..<(bytes.count - marker.count)).first { Array(bytes[$0..<$0 + marker.count]) == marker })
        bytes[at + 15] = UInt8(ascii: "k")
        try Data(bytes).write(to: URL(fileURLWithPath: bundle))
        let altered = try await CLITests.run(["evidence", "verify", bundle, "--key", key + ".pub"])
        #expect(altered.status == 1)
        #expect(altered.stdout.contains("altered: facts.json altered"))
    }
}
