import CamAuditTestSupport
import Foundation
import Testing

/// The namespace laboratory of `Packaging/netns/fleet-lab` from a test: simulated devices,
/// each in its own network namespace with its own MAC, on a bridge in a namespace of its own,
/// with no default route anywhere. `down` runs even when a test fails.
struct FleetLab {
    static let tool = CLITests.packageRoot.appendingPathComponent("Packaging/netns/fleet-lab").path
    static let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let tcpdump = ["/usr/bin/tcpdump", "/usr/sbin/tcpdump"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let python3 = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let available = geteuid() == 0 && ip != nil && tcpdump != nil && python3 != nil
    static let skipReason: Comment = "skipped: needs root, ip(8), python3 and tcpdump to build network namespaces and count packets (Packaging/install-build-deps --test)"

    struct Host {
        var name: String
        var ip: String
        var mac: String
        var covered: Bool
        var profile: String
        var kind: String
        var log: String?
        var namespace = ""
    }

    let name: String
    let scannerNamespace: String
    let hosts: [Host]

    /// Builds the lab; the caller must `down()` it (in a defer).
    static func up(_ name: String, _ arguments: [String]) async throws -> FleetLab {
        let result = try await Self.run(Self.tool, ["up", name, "--binary", try CLITests.binary("camaudit").path] + arguments)
        guard result.status == 0 else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "fleet-lab up failed: \(result.stderr)"])
        }
        let json = try CLITests.json(result.stdout)
        let hosts = (json["hosts"] as? [[String: Any]] ?? []).map {
            Host(name: $0["name"] as? String ?? "", ip: $0["ip"] as? String ?? "", mac: $0["mac"] as? String ?? "",
                 covered: $0["covered"] as? Bool ?? false, profile: $0["profile"] as? String ?? "", kind: $0["kind"] as? String ?? "",
                 log: $0["log"] as? String, namespace: $0["namespace"] as? String ?? "")
        }
        return FleetLab(name: name, scannerNamespace: json["scanner_namespace"] as? String ?? "", hosts: hosts)
    }

    /// Blocking, for `defer`: a cleanup that must run however the test ends.
    func down() {
        _ = try? Self.runBlocking(Self.tool, ["down", name])
    }

    /// Runs `camaudit scan ARGUMENTS` inside the scanner's namespace.
    func scan(_ arguments: [String]) async throws -> CLITests.Run {
        try await Self.run(Self.ip!, ["netns", "exec", scannerNamespace, try CLITests.binary("camaudit").path, "scan"] + arguments)
    }

    /// Runs a command to its end, off the cooperative pool (`offThePool`).
    static func run(_ executable: String, _ arguments: [String]) async throws -> CLITests.Run {
        try await offThePool { try runBlocking(executable, arguments) }
    }

    static func runBlocking(_ executable: String, _ arguments: [String]) throws -> CLITests.Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLITests.Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Captures what the scanner's interface sends while `body` runs (tcpdump in its namespace).
    func capture(_ file: String, _ body: () async throws -> Void) async throws -> [Frame] {
        let pidFile = file + ".pid", errFile = file + ".err"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.ip!)
        // The shell records tcpdump's own pid (exec keeps it), so it can be stopped directly.
        process.arguments = ["netns", "exec", scannerNamespace, "/bin/sh", "-c",
                             "echo $$ > \"$0\"; exec \"$1\" -n -i s0 -Q out -U -Z root -w \"$2\" 2> \"$3\"",
                             pidFile, Self.tcpdump!, file, errFile]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        func stop() {
            // SIGTERM, not SIGINT: a test runner may start children with SIGINT ignored.
            // -U wrote every packet as it came, so a SIGKILL after a grace period loses nothing.
            if let text = try? String(contentsOfFile: pidFile, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                kill(pid, SIGTERM)
                for _ in 0..<40 where process.isRunning { usleep(50_000) }
                if process.isRunning { kill(pid, SIGKILL) }
            }
            process.waitUntilExit()
        }
        defer { if process.isRunning { stop() } }
        // tcpdump says "listening on" once its capture is open.
        let started = Date()
        while Date().timeIntervalSince(started) < 10, process.isRunning {
            if (try? String(contentsOfFile: errFile, encoding: .utf8))?.contains("listening on") == true { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        try await body()
        try await Task.sleep(for: .milliseconds(300))
        stop()
        return try Frame.read(pcap: file)
    }
}

/// One captured frame: when, and what the scanner sent.
struct Frame {
    enum Kind { case arpRequest, udp, tcpSyn, other }
    var time: Double
    var kind: Kind
    /// Destination IPv4 address (the ARP target for requests).
    var destination: String

    /// Reads a classic pcap file of Ethernet frames.
    static func read(pcap path: String) throws -> [Frame] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard bytes.count >= 24 else { return [] }
        func u32(_ offset: Int) -> UInt32 { UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24 }
        func address(_ offset: Int) -> String { (0..<4).map { String(bytes[offset + $0]) }.joined(separator: ".") }
        var frames: [Frame] = []
        var offset = 24
        while offset + 16 <= bytes.count {
            let time = Double(u32(offset)) + Double(u32(offset + 4)) / 1_000_000
            let length = Int(u32(offset + 8))
            let start = offset + 16
            offset = start + length
            guard offset <= bytes.count, length >= 34 else { continue }
            let etherType = Int(bytes[start + 12]) << 8 | Int(bytes[start + 13])
            if etherType == 0x0806, length >= 42, bytes[start + 21] == 1 {
                frames.append(Frame(time: time, kind: .arpRequest, destination: address(start + 38)))
            } else if etherType == 0x0800 {
                let headerLength = Int(bytes[start + 14] & 0x0F) * 4
                let proto = bytes[start + 23]
                let destination = address(start + 30)
                if proto == 17 {
                    frames.append(Frame(time: time, kind: .udp, destination: destination))
                } else if proto == 6, length >= 14 + headerLength + 14 {
                    let flags = bytes[start + 14 + headerLength + 13]
                    frames.append(Frame(time: time, kind: flags & 0x12 == 0x02 ? .tcpSyn : .other, destination: destination))
                }
            }
        }
        return frames
    }

    /// The most frames that fall in any one-second window.
    static func busiestSecond(_ frames: [Frame]) -> Int { busiestWindow(frames, seconds: 1) }

    /// The most frames captured within any window of `seconds`.
    static func busiestWindow(_ frames: [Frame], seconds: Double) -> Int {
        let times = frames.map(\.time).sorted()
        var best = 0, first = 0
        for last in times.indices {
            while times[last] - times[first] >= seconds { first += 1 }
            best = max(best, last - first + 1)
        }
        return best
    }
}
