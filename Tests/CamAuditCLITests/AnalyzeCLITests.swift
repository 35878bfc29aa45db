import Foundation
import Testing

/// `camaudit analyze` through the real binary, on the committed capture fixtures.
@Suite struct AnalyzeCLITests {
    static let site = CLITests.packageRoot.appendingPathComponent("Tests/Fixtures/pcap/site.pcap").path
    static let siteNG = CLITests.packageRoot.appendingPathComponent("Tests/Fixtures/pcap/site.pcapng").path

    @Test func tableListsCoveredDevicesFirst() async throws {
        let result = try await CLITests.run(["analyze", Self.site])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("c0:56:e3:aa:bb:cc"))
        #expect(result.stdout.contains("hikvision"))
        #expect(result.stdout.contains("dahua"))
        // Unknown senders only with --all.
        #expect(!result.stdout.contains("02:77:00:00:00:50"))
        let everything = try await CLITests.run(["analyze", "--all", Self.site])
        #expect(everything.stdout.contains("02:77:00:00:00:50"))
        let rows = result.lines.filter { $0.hasPrefix("02:") || $0.hasPrefix("4c:") || $0.hasPrefix("b4:") || $0.hasPrefix("c0:") }
        #expect(rows.first?.contains(" covered ") == true)
    }

    @Test func jsonlHasTheDocumentedFields() async throws {
        let result = try await CLITests.run(["analyze", "--jsonl", "-", Self.site, Self.siteNG])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try result.lines.map(CLITests.json)
        #expect(lines.count == 5)
        for line in lines {
            for key in ["ip", "mac", "mac_source", "maker", "brand", "model", "device_type", "covered", "verdict", "confidence", "lists", "summary", "evidence", "conflicts", "first_seen", "last_seen"] {
                #expect(line[key] != nil, "missing \(key)")
            }
            #expect((line["ip"] as? [String])?.isEmpty == false)
            let evidence = try #require(line["evidence"] as? [[String: Any]])
            #expect(evidence.allSatisfy { $0["source"] as? String == "passive" })
        }
        let intercom = try #require(lines.first { $0["mac"] as? String == "c0:56:e3:aa:bb:cc" })
        #expect(intercom["maker"] as? String == "hikvision")
        #expect(intercom["mac_source"] as? String == "frame")
        #expect(intercom["verdict"] as? String == "covered")
        #expect((intercom["first_seen"] as? String)?.hasPrefix("2026-09-21T14:13:20") == true)
    }

    @Test func jsonFileAndFailOnCovered() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-analyze-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let result = try await CLITests.run(["analyze", "--json", output, "--fail-on-covered", Self.site])
        #expect(result.status == 1)
        let data = try Data(contentsOf: URL(fileURLWithPath: output))
        let array = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(array.count == 5)
    }

    /// `--json` and `--jsonl` to files are copied from per-verdict scratch files by the kernel,
    /// `--json` beside `--jsonl` is rewritten on the way and `-` goes through stdout: every form
    /// must list the same devices, covered first.
    @Test func everyOutputFormListsTheSameDevicesInReportOrder() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-forms-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        func text(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

        let both = try await CLITests.run(["analyze", "--all", "--json", path("both.json"), "--jsonl", path("both.jsonl"), Self.site, Self.siteNG])
        let jsonOnly = try await CLITests.run(["analyze", "--all", "--json", path("only.json"), Self.site, Self.siteNG])
        let standardOutput = try await CLITests.run(["analyze", "--all", "--jsonl", "-", Self.site, Self.siteNG])
        for result in [both, jsonOnly, standardOutput] { #expect(result.status == 0, "\(result.stderr)") }

        let jsonl = try text("both.jsonl")
        #expect(jsonl == standardOutput.stdout)
        let lines = jsonl.split(separator: "\n").map(String.init)
        #expect(lines.count > 5)
        #expect(try text("both.json") == "[" + lines.joined(separator: ",") + "]\n")
        #expect(try text("only.json") == text("both.json"))
        let rank = ["covered": 3, "likely-covered": 2, "unknown": 1, "not-covered": 0]
        let verdicts = try lines.map { try #require(CLITests.json($0)["verdict"] as? String) }
        let ranks = verdicts.map { rank[$0] ?? -1 }
        #expect(Set(ranks).count >= 2, "\(verdicts)")
        #expect(ranks == ranks.sorted(by: >), "\(verdicts)")
        // The table lists the same devices in the same order.
        let macs = try lines.map { try #require(CLITests.json($0)["mac"] as? String) }
        let tableMACs = both.lines.compactMap { line in macs.first { line.hasPrefix($0) } }
        #expect(tableMACs == macs)
    }

    @Test func aCaptureWithoutDevicesWritesEmptyOutputs() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // A classic pcap header (microseconds, Ethernet) and no packet.
        let capture = directory.appendingPathComponent("empty.pcap")
        try Data([0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 1, 0, 0, 0]).write(to: capture)
        let json = directory.appendingPathComponent("out.json").path, jsonl = directory.appendingPathComponent("out.jsonl").path
        let result = try await CLITests.run(["analyze", "--json", json, "--jsonl", jsonl, capture.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: json, encoding: .utf8) == "[]\n")
        #expect(try String(contentsOfFile: jsonl, encoding: .utf8) == "")
    }

    @Test func missingFileIsARuntimeFailure() async throws {
        let result = try await CLITests.run(["analyze", "/nonexistent/site.pcap"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("/nonexistent/site.pcap"))
        #expect(result.stderr.contains("no such file"))
        let usage = try await CLITests.run(["analyze"])
        #expect(usage.status == 2)
    }

    @Test func truncatedFileWarnsAndKeepsWhatWasRead() async throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.site))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-cut-\(UUID().uuidString).pcap").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try bytes.prefix(bytes.count - 5).write(to: URL(fileURLWithPath: path))
        let result = try await CLITests.run(["analyze", path])
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning"))
        #expect(result.stdout.contains("c0:56:e3:aa:bb:cc"))
    }
}
