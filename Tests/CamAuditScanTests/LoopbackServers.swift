import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Tiny servers on 127.79.x.y that answer with recorded device bytes and remember every request,
/// so a test can prove both what the scanner identified and what it sent. Blocking sockets on
/// their own threads; bound to one loopback address each, never to anything else.
final class LoopbackTCPServer: @unchecked Sendable {
    /// Given the bytes received so far, the length of one whole request and the answer to it.
    typealias Responder = @Sendable ([UInt8]) -> (consumed: Int, answer: [UInt8])?

    private let fd: Int32
    private let lock = NSLock()
    private var received: [[UInt8]] = []
    private var connections = 0
    private var stopped = false

    init(_ address: String, port: UInt16, greeting: [UInt8]? = nil, respond: Responder? = nil) throws {
        fd = try Self.bound(address, port: port, type: SOCK_STREAM)
        guard listen(fd, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        let thread = Thread { [self] in
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { if lock.withLock({ stopped }) { return } else { continue } }
                lock.withLock { connections += 1 }
                Thread { [self] in serve(client, greeting: greeting, respond: respond) }.start()
            }
        }
        thread.start()
    }

    var requests: [[UInt8]] { lock.withLock { received } }
    var requestTexts: [String] { requests.map { String(decoding: $0, as: UTF8.self) } }
    var connectionCount: Int { lock.withLock { connections } }

    func stop() {
        lock.withLock { stopped = true }
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    private func serve(_ client: Int32, greeting: [UInt8]?, respond: Responder?) {
        defer { close(client) }
        // Long enough for a scanner slowed by a loaded machine to send its next request: in a
        // full run the CLI suites' blocking waits hold the test process's cooperative threads,
        // and a scan of one loopback host took 100-120 s instead of 11; with 15 s here the
        // server had hung up before the scanner's DESCRIBE came (CI, twice).
        var timeout = timeval(tv_sec: 180, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        if let greeting {
            _ = greeting.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = recv(client, &chunk, chunk.count, 0)
            if count <= 0 { return }
            buffer += chunk[0..<count]
            while let respond, let (consumed, answer) = respond(buffer) {
                lock.withLock { received.append(Array(buffer[0..<consumed])) }
                buffer.removeFirst(consumed)
                _ = answer.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
        }
    }

    static func bound(_ address: String, port: UInt16, type: __socket_type) throws -> Int32 {
        let fd = socket(AF_INET, Int32(type.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = port.bigEndian
        inet_pton(AF_INET, address, &sin.sin_addr)
        let status = withUnsafePointer(to: &sin) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard status == 0 else {
            close(fd)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EADDRINUSE)
        }
        return fd
    }

    /// An HTTP or RTSP request is whole at the empty line (these probes carry small bodies with Content-Length).
    static func httpStyleLength(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4, let end = (0...(bytes.count - 4)).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 && bytes[$0 + 2] == 13 && bytes[$0 + 3] == 10 }) else { return nil }
        let head = String(decoding: bytes[0..<end], as: UTF8.self).lowercased()
        let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }.flatMap { Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces)) } ?? 0
        return bytes.count >= end + 4 + length ? end + 4 + length : nil
    }
}

/// Answers every datagram on one address and port with a fixed reply.
final class LoopbackUDPResponder: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private var received: [[UInt8]] = []

    init(_ address: String, port: UInt16, reply: [UInt8]) throws {
        fd = try LoopbackTCPServer.bound(address, port: port, type: SOCK_DGRAM)
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                var peer = sockaddr_storage()
                var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
                let count = withUnsafeMutablePointer(to: &peer) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, &buffer, buffer.count, 0, $0, &length) } }
                if count < 0 {
                    if errno == EAGAIN || errno == EINTR { continue }
                    return
                }
                lock.withLock { received.append(Array(buffer[0..<count])) }
                _ = reply.withUnsafeBytes { bytes in
                    withUnsafePointer(to: &peer) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, bytes.baseAddress, bytes.count, 0, $0, length) } }
                }
            }
        }.start()
    }

    var requests: [[UInt8]] { lock.withLock { received } }

    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}

/// Recorded responses from the shared corpus (Tests/Fixtures/corpus/corpus.jsonl), by id.
enum Corpus {
    /// id → (payload, encoding)
    static let records: [String: (String, String)] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/corpus/corpus.jsonl").path
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var out: [String: (String, String)] = [:]
        for line in text.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let id = object["id"] as? String,
                  let payload = object["payload"] as? String else { continue }
            out[id] = (payload, object["encoding"] as? String ?? "text")
        }
        return out
    }()

    static func payload(_ id: String) -> [UInt8] {
        guard let (payload, encoding) = records[id] else { return [] }
        if encoding == "hex" {
            var bytes: [UInt8] = []
            var index = payload.startIndex
            while index < payload.endIndex, let next = payload.index(index, offsetBy: 2, limitedBy: payload.endIndex) {
                bytes.append(UInt8(payload[index..<next], radix: 16) ?? 0)
                index = next
            }
            return bytes
        }
        return Array(payload.utf8)
    }
}
