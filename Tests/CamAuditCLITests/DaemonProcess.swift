import Foundation

/// A `camaudit daemon` started as a real process on a temporary configuration and database,
/// with its log in a file the test reads.
final class DaemonProcess {
    let directory: URL
    let process = Process()
    let metricsPort: Int
    var configPath: String { directory.appendingPathComponent("camaudit.yaml").path }
    var databasePath: String { directory.appendingPathComponent("inventory.sqlite").path }
    var reportsPath: String { directory.appendingPathComponent("reports").path }
    private var logPath: String { directory.appendingPathComponent("daemon.log").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-daemon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        metricsPort = try Self.freePort()
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The configuration: the given sites and interfaces, this test's database, reports and port.
    func writeConfig(sites: [(name: String, network: String)], interfaces: [String] = [], filter: String? = nil, recordInterval: String = "1h", extra: String = "") throws {
        var text = """
            inventory: \(databasePath)
            reports: {directory: \(reportsPath), formats: [html, csv]}
            listen: {interfaces: [\(interfaces.joined(separator: ", "))], record_interval: \(recordInterval)\(filter.map { ", filter: \"\($0)\"" } ?? "")}
            metrics: {address: 127.0.0.1, port: \(metricsPort)}
            sites:

            """
        for site in sites { text += "  - {name: \(site.name), networks: [\(site.network)]}\n" }
        text += extra
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    func start() throws {
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = try CLITests.binary("camaudit")
        process.arguments = ["daemon", "--config", configPath]
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Waits until the log has `count` lines containing `text`.
    func waitForLog(_ text: String, count: Int = 1, seconds: Double = 20) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if log.components(separatedBy: "\n").filter({ $0.contains(text) }).count >= count { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to exit; nil if it did not within the time.
    func waitForExit(seconds: Double = 20) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// `GET /metrics` over a plain socket to 127.0.0.1.
    func metrics() throws -> String {
        let response = try Self.httpGet(port: metricsPort, path: "/metrics")
        guard response.hasPrefix("HTTP/1.0 200") else { throw CocoaError(.fileReadUnknown, userInfo: [NSDebugDescriptionErrorKey: response]) }
        return response
    }

    /// The value of one sample line (`name{labels} value`) of the exposition.
    static func sample(_ exposition: String, _ name: String) -> Double? {
        for line in exposition.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.split(separator: " ").last ?? "")
        }
        return nil
    }

    /// A TCP connection to 127.0.0.1:`port`; the caller closes it.
    static func connect(port: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard connected == 0 else {
            close(descriptor)
            throw POSIXError(.ECONNREFUSED)
        }
        return descriptor
    }

    static func httpGet(port: Int, path: String) throws -> String {
        let descriptor = try connect(port: port)
        defer { close(descriptor) }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count <= 0 { break }
            response += buffer[0..<count]
        }
        return String(decoding: response, as: UTF8.self)
    }

    /// A port the kernel had free a moment ago, on 127.0.0.1.
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
