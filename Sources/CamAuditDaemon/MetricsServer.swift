import Foundation
import Logging
import ServiceLifecycle

/// Serves `GET /metrics` in the Prometheus text format on one address (127.0.0.1 by default).
/// A deliberately small HTTP/1.0 listener on its own thread: one request per connection,
/// requests capped at 8 KiB and 2 s, so a stuck client cannot hold it.
public final class MetricsServer: Service, @unchecked Sendable {
    private let address: String
    private let port: Int
    private let metrics: DaemonMetrics
    private let logger: Logger
    private let lock = NSLock()
    private var socketDescriptor: Int32 = -1
    /// The port actually bound (differs from `port` when 0 asked the kernel to choose).
    public private(set) var boundPort = 0

    public init(address: String, port: Int, metrics: DaemonMetrics, logger: Logger) {
        self.address = address
        self.port = port
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        let descriptor = try bind()
        lock.withLock { socketDescriptor = descriptor }
        logger.info("metrics.listening", metadata: ["metrics.address": "\(address):\(boundPort)"])
        let thread = Thread { [self] in serve(descriptor) }
        thread.name = "camaudit-metrics"
        thread.start()
        try? await gracefulShutdown()
        lock.withLock {
            // Wakes the accept() and makes it fail; the thread then closes the socket.
            shutdown(socketDescriptor, Int32(SHUT_RDWR))
            socketDescriptor = -1
        }
    }

    private func bind() throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw MetricsServerError("cannot create a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, address, &socketAddress.sin_addr) == 1 else {
            close(descriptor)
            throw MetricsServerError("metrics address '\(address)' is not an IPv4 address")
        }
        let bound = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Foundation.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw MetricsServerError("cannot listen on \(address):\(port) for metrics (\(reason)); pick another metrics.port, or stop what holds it")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        boundPort = Int(UInt16(bigEndian: actual.sin_port))
        return descriptor
    }

    private func serve(_ descriptor: Int32) {
        while true {
            let client = accept(descriptor, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                break
            }
            answer(client)
            close(client)
        }
        close(descriptor)
    }

    private func answer(_ client: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while request.count < 8192, !request.containsHeaderEnd {
            let count = read(client, &chunk, chunk.count)
            if count <= 0 { break }
            request += chunk[0..<count]
        }
        let line = String(decoding: request.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self).split(separator: " ")
        let (status, body): (String, String)
        if line.count >= 2, line[0] == "GET", line[1] == "/metrics" || line[1].hasPrefix("/metrics?") {
            (status, body) = ("200 OK", metrics.exposition())
        } else if line.count >= 2, line[0] == "GET" {
            (status, body) = ("404 Not Found", "camaudit serves only /metrics\n")
        } else {
            (status, body) = ("400 Bad Request", "send GET /metrics\n")
        }
        let bytes = Array(body.utf8)
        let head = "HTTP/1.0 \(status)\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nContent-Length: \(bytes.count)\r\nConnection: close\r\n\r\n"
        let response = Array(head.utf8) + bytes
        var offset = 0
        while offset < response.count {
            let written = response[offset...].withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
            if written <= 0 { break }
            offset += written
        }
    }
}

struct MetricsServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

private extension [UInt8] {
    var containsHeaderEnd: Bool {
        guard count >= 4 else { return false }
        for index in 0...(count - 4) where self[index] == 0x0D && self[index + 1] == 0x0A && self[index + 2] == 0x0D && self[index + 3] == 0x0A {
            return true
        }
        return false
    }
}
