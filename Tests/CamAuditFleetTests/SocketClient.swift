import Foundation

/// A minimal blocking client for the fleet tests: one TCP exchange or one UDP datagram, with
/// time-outs, to loopback addresses only.
enum SocketClient {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func address(_ host: String, _ port: Int) throws -> sockaddr_in {
        precondition(host.hasPrefix("127."), "fleet tests talk to loopback only")
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw Failure(description: "bad address \(host)") }
        return address
    }

    static func setTimeout(_ fd: Int32, seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Connects, sends `request`, and reads until the server closes, `limit` bytes, or the time-out.
    /// Returns the bytes and the errno of the read that ended it (0 for a clean close).
    static func exchange(_ host: String, _ port: Int, _ request: [UInt8], limit: Int = 1 << 16, timeout: Int = 3) throws -> (bytes: [UInt8], error: Int32) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        setTimeout(fd, seconds: timeout)
        var address = try address(host, port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect \(host):\(port): errno \(errno)") }
        if !request.isEmpty { _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) } }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while received.count < limit {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 {
                received += buffer[0..<count]
            } else {
                return (received, count == 0 ? 0 : errno)
            }
        }
        return (received, 0)
    }

    /// Sends one datagram and returns the first answer, or nil after the time-out.
    static func datagram(_ host: String, _ port: Int, _ payload: [UInt8], timeout: Int = 2) throws -> [UInt8]? {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        setTimeout(fd, seconds: timeout)
        var address = try address(host, port)
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { target in
                payload.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, 0, target, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? Array(buffer[0..<count]) : nil
    }
}
