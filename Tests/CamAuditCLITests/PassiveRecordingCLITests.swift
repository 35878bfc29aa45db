import CamAuditTestSupport
import Foundation
import Testing

/// `analyze --record` writes its scan a batch at a time while devices are classified
/// (`PassiveDeviceWriter`): into the district's PostgreSQL, or into this machine's own
/// inventory when the server is out of reach at the start or goes away part way.
@Suite struct PassiveRecordingCLITests {
    /// A capture of `senders` devices answering with real recorded answers (make-dense-pcap).
    static func denseCapture(senders: Int, in directory: String) async throws -> String {
        let path = (directory as NSString).appendingPathComponent("dense-\(senders).pcap")
        let made = try await CLITests.run(["make-dense-pcap", path, "--senders", "\(senders)"], executable: "camaudit-bench")
        try #require(made.status == 0, "\(made.stderr)")
        return path
    }

    static func scratchDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("passive-record-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        // Written by the unprivileged agent below.
        chmod(path, 0o777)
        return path
    }

    /// Starts camaudit with its local inventory under `dataHome`. As root the local inventory
    /// would be /var/lib/camaudit, which a test must not touch: the agent then runs as nobody.
    static func startAgent(_ arguments: [String], dataHome: String) throws -> (Process, Pipe) {
        let process = Process()
        let camaudit = try CLITests.binary("camaudit").path
        if geteuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "--", camaudit] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: camaudit)
            process.arguments = arguments
        }
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_DATA_HOME"] = dataHome
        environment["HOME"] = dataHome
        process.environment = environment
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        return (process, err)
    }

    /// Waits for the agent without holding a thread of the test runner's small pool (other
    /// suites' asynchronous tests need it); its standard error is small enough for the pipe.
    static func finish(_ agent: (Process, Pipe)) async throws -> (status: Int32, stderr: String) {
        while agent.0.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        let stderr = String(decoding: agent.1.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (agent.0.terminationStatus, stderr)
    }

    static func lineCount(_ path: String) throws -> Int {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count
    }

    @Test func aServerOutOfReachAtTheStartGetsTheScanKeptLocally() async throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let capture = try await Self.denseCapture(senders: 1_500, in: directory)
        // A loopback port that refuses connections: a relay cut before anyone connects.
        let closed = try TCPRelay(upstreamPort: 9)
        closed.cut()
        let jsonl = (directory as NSString).appendingPathComponent("devices.jsonl")
        let run = try await Self.finish(try Self.startAgent(
            ["analyze", capture, "--record", "--db", "postgres://camaudit@127.0.0.1:\(closed.port)/district", "--jsonl", jsonl], dataHome: directory))
        #expect(run.status == 0, "\(run.stderr)")
        let local = (directory as NSString).appendingPathComponent("camaudit/inventory.sqlite")
        #expect(run.stderr.contains("the scan is kept in \(local) as scan 1"), "\(run.stderr)")
        #expect(run.stderr.contains("camaudit inventory push --from \(local) --db 'postgres://camaudit@127.0.0.1:\(closed.port)/district'"), "\(run.stderr)")
        let shown = try Self.lineCount(jsonl)
        #expect(shown > 700)
        #expect(run.stderr.contains("recorded \(shown) devices as scan 1"), "\(run.stderr)")
        // More than one batch, all in the one scan (the generator repeats its devices, so
        // the inventory anchors some sightings to one device by serial).
        let scans = try await CLITests.run(["inventory", "scans", "--db", local])
        #expect(scans.stdout.contains("passive   complete"), "\(scans.stdout)")
        #expect(scans.lines.count == 1)
    }

    @Test(.timeLimit(.minutes(3))) func aServerLostPartWayGetsEveryDeviceInALocalScan() async throws {
        guard let url = try TestPostgres.freshDatabaseURL(prefix: "stream") else { return }
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let capture = try await Self.denseCapture(senders: 6_000, in: directory)
        var components = try #require(URLComponents(string: url))
        let relay = try TCPRelay(upstreamPort: UInt16(try #require(components.port)))
        components.port = Int(relay.port)
        let relayed = try #require(components.string)
        let jsonl = (directory as NSString).appendingPathComponent("devices.jsonl")
        // The network to the server is cut part way through the devices' evidence (the schema
        // and the scan's start take a few tens of kilobytes; 3,000 devices' evidence several
        // hundred), whatever the machine's speed.
        relay.cut(afterUpstreamBytes: 200_000)
        let agent = try Self.startAgent(["analyze", capture, "--record", "--db", relayed, "--jsonl", jsonl], dataHome: directory)
        let run = try await Self.finish(agent)
        #expect(run.status == 0, "\(run.stderr)")
        let shown = try Self.lineCount(jsonl)
        let sent = try TestPostgres.count(url, "SELECT COUNT(*) FROM sighting")
        #expect(sent < shown, "\(sent) of \(shown) sent before the cut")
        #expect(run.stderr.contains("the district inventory went away during scan 1"), "\(run.stderr)")
        let local = (directory as NSString).appendingPathComponent("camaudit/inventory.sqlite")
        #expect(run.stderr.contains("recorded \(shown) devices as scan 1 in \(local)"), "\(run.stderr)")
        #expect(run.stderr.contains("camaudit inventory push --from \(local) --db '\(relayed)'"), "\(run.stderr)")
        let scans = try await CLITests.run(["inventory", "scans", "--db", local])
        #expect(scans.stdout.contains("passive   complete"), "\(scans.stdout)")
        #expect(scans.lines.count == 1)
        // The server's copy is incomplete and shows so once the inventory is opened again.
        #expect(try await CLITests.run(["inventory", "scans", "--db", url]).stdout.contains("passive   interrupted"))
    }

    /// The inventory's file cannot grow (a full disk, here a file-size limit): the table and
    /// JSON still come out whole, the command says what stopped and exits 3, and the scan is
    /// reported interrupted.
    @Test func aFullDiskStopsTheScanButNotTheOutput() async throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let capture = try await Self.denseCapture(senders: 1_500, in: directory)
        let database = (directory as NSString).appendingPathComponent("inventory.sqlite")
        let camaudit = try CLITests.binary("camaudit").path
        // 2 MiB: room for the JSON scratch file (about 0.7 MiB), not for the first batch's
        // evidence. SIGXFSZ ignored, so the write fails with EFBIG instead of killing.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "trap '' XFSZ; ulimit -f 2048; exec \"$0\" \"$@\"", camaudit, "analyze", capture, "--record", "--db", database, "--jsonl", "-"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        #expect(process.terminationStatus == 3, "\(stderr)")
        #expect(stdout.split(separator: "\n").count > 700)
        #expect(stderr.contains("recording scan 1 in \(database) stopped after"), "\(stderr)")
        #expect(stderr.contains("the output above is complete"), "\(stderr)")
        let scans = try await CLITests.run(["inventory", "scans", "--db", database])
        #expect(scans.stdout.contains("passive   interrupted"), "\(scans.stdout)")
    }
}
