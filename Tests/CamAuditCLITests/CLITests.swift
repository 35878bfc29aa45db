import CamAuditTestSupport
import Foundation
import Testing

/// Runs the real `camaudit` binary, as a user would.
@Suite struct CLITests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpus = packageRoot.appendingPathComponent("Tests/Fixtures/corpus/corpus.jsonl").path

    /// The test runner lives in the build directory next to the executables.
    static func binary(_ name: String) throws -> URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        let fallback = packageRoot.appendingPathComponent(".build/debug/\(name)")
        guard FileManager.default.isExecutableFile(atPath: fallback.path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "\(name) not built; run swift build first"])
        }
        return fallback
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    /// Runs the binary to its end, off the cooperative pool (`offThePool`).
    static func run(_ arguments: [String], stdin: String? = nil, executable: String = "camaudit") async throws -> Run {
        try await offThePool { try runBlocking(arguments, stdin: stdin, executable: executable) }
    }

    private static func runBlocking(_ arguments: [String], stdin: String?, executable: String) throws -> Run {
        let process = Process()
        process.executableURL = try binary(executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    static func json(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func classifyTheCorpusFile() async throws {
        let result = try await Self.run(["classify", Self.corpus])
        #expect(result.status == 0)
        let records = try String(contentsOfFile: Self.corpus, encoding: .utf8).split(separator: "\n").count
        #expect(result.lines.count == records)
        let first = try Self.json(result.lines[0])
        for key in ["id", "maker", "brand", "model", "firmware", "device_type", "covered", "verdict", "confidence", "lists", "evidence"] {
            #expect(first[key] != nil, "missing \(key)")
        }
        #expect(first["verdict"] as? String == "covered")
    }

    @Test func badLinesGiveErrorsAndTheRestIsClassified() async throws {
        let input = """
        not json
        {"id":"a","protocol":"gopher","payload":"x"}
        {"id":"b","protocol":"dhip","payload":"zz","encoding":"hex"}
        {"id":"c","protocol":"http","payload":"HTTP/1.1 200 OK\\r\\nServer: DNVRS-Webs\\r\\n\\r\\n"}
        {"id":"d","protocol":"sadp","payload":"<ProbeMatch><unclosed>"}
        """
        let result = try await Self.run(["classify", "-"], stdin: input)
        #expect(result.status == 0)
        let lines = try result.lines.map(Self.json)
        #expect(lines.count == 5)
        #expect(lines[0]["error"] != nil)
        #expect((lines[1]["error"] as? String)?.contains("unknown protocol") == true)
        #expect((lines[2]["error"] as? String)?.contains("hex") == true)
        #expect(lines[3]["maker"] as? String == "hikvision")
        #expect(lines[4]["error"] != nil)
    }

    @Test func deviceGroupsCombineEvidence() async throws {
        let input = """
        {"id":"r1","device":"cam","protocol":"dhip","payload":"\(Self.dhipHex)","encoding":"hex"}
        {"id":"r2","device":"cam","protocol":"mac-oui","payload":"b4:4c:3b:f4:e3:01"}
        """
        let result = try await Self.run(["classify", "--fail-on-covered"], stdin: input)
        #expect(result.status == 1)
        let line = try Self.json(try #require(result.lines.first))
        #expect(line["id"] as? String == "cam")
        #expect(line["records"] as? [String] == ["r1", "r2"])
        #expect(line["verdict"] as? String == "covered")
        #expect(line["brand"] as? String == "Intelbras")
    }

    static let dhipHex: String = {
        let json = #"{"mac":"58:10:8c:4d:3b:fa","method":"client.notifyDevInfo","params":{"deviceInfo":{"DeviceClass":"BSC","DeviceType":"SS 3530 MF W","Vendor":"Intelbras"}}}"#
        let length = json.utf8.count
        let header: [UInt8] = [0x20, 0, 0, 0] + Array("DHIP".utf8) + [UInt8](repeating: 0, count: 8)
            + [UInt8(length & 0xFF), UInt8(length >> 8), 0, 0, 0, 0, 0, 0, UInt8(length & 0xFF), UInt8(length >> 8), 0, 0, 0, 0, 0, 0]
        return (header + Array(json.utf8)).map { String(format: "%02x", $0) }.joined()
    }()

    @Test func overLongLinesAreRejectedOneByOne() async throws {
        let input = "{\"id\":\"big\",\"protocol\":\"http\",\"payload\":\"" + String(repeating: "A", count: 5000) + "\"}\n{\"id\":\"ok\",\"protocol\":\"ftp\",\"payload\":\"220 x\"}\n"
        let result = try await Self.run(["classify", "--max-line-bytes", "1000"], stdin: input)
        #expect(result.lines.count == 2)
        #expect(result.lines[0].contains("over --max-line-bytes"))
        #expect(try Self.json(result.lines[1])["id"] as? String == "ok")
    }

    @Test func missingFileIsARuntimeFailure() async throws {
        let result = try await Self.run(["classify", "/nonexistent/file.jsonl"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("cannot open /nonexistent/file.jsonl"))
    }

    @Test func usageErrorsExitTwo() async throws {
        #expect(try await Self.run(["classify", "--no-such-flag"]).status == 2)
        #expect(try await Self.run(["signatures", "match", "no.such.field", "x"]).status == 2)
    }

    @Test func signaturesMatchAndList() async throws {
        let match = try await Self.run(["signatures", "match", "http.header.server", "DNVRS-Webs"])
        #expect(match.status == 0)
        #expect(match.stdout.contains("hikvision-http-server-dnvrs-webs"))
        #expect(match.stdout.contains("hw.device = nvr"))
        let none = try await Self.run(["signatures", "match", "http.header.server", "nginx/1.25"])
        #expect(none.status == 1)
        let list = try await Self.run(["signatures", "list", "--json"])
        #expect(list.lines.count > 50)
    }

    @Test func signaturesVerifyReportsBrokenFiles() async throws {
        let broken = Self.packageRoot.appendingPathComponent("Tests/Fixtures/signatures/broken/shadowed.xml").path
        let result = try await Self.run(["signatures", "verify", broken])
        #expect(result.status == 1)
        #expect(result.stdout.contains("shadowed.xml:7: error:"))
        let clean = try await Self.run(["signatures", "verify"])
        #expect(clean.status == 0, "\(clean.stdout)")
    }

    @Test func theBuildsCompilerRejectsABrokenSignatureTree() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-sigc-\(UUID().uuidString)")
        let signatures = directory.appendingPathComponent("Signatures")
        try FileManager.default.createDirectory(at: signatures, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(
            at: Self.packageRoot.appendingPathComponent("Tests/Fixtures/signatures/broken/example_mismatch.xml"),
            to: signatures.appendingPathComponent("bad.xml"))
        let output = directory.appendingPathComponent("out.swift").path
        let compiler = (try? Self.binary("camaudit-sigc-tool")) != nil ? "camaudit-sigc-tool" : "camaudit-sigc"
        let result = try await Self.run(["compile", signatures.path, "--output", output], executable: compiler)
        #expect(result.status == 1)
        #expect(result.stderr.contains("Signatures/bad.xml:4: error: example does not match"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func policyShowCitesTheLists() async throws {
        let text = try await Self.run(["policy", "show"])
        #expect(text.stdout.contains("2 CFR 200.216"))
        #expect(text.stdout.contains("47 CFR 54.10"))
        let json = try Self.json(try await Self.run(["policy", "show", "--json"]).stdout)
        #expect((json["lists"] as? [Any])?.count == 15)
    }

    @Test func demoShowsTheSampleSite() async throws {
        let result = try await Self.run(["demo", "--sample"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("front-office-intercom"))
        #expect(result.stdout.contains("covered"))
        let json = try await Self.run(["demo", "--sample", "--json"])
        #expect(json.lines.count == 10)
    }

    @Test func versionNamesTheLibraries() async throws {
        let result = try await Self.run(["version"])
        #expect(result.stdout.contains("PCRE2 10."))
        #expect(result.stdout.contains("libpcap"))
        #expect(result.stdout.contains("libcurl"))
    }
}
