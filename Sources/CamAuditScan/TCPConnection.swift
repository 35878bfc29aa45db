// In a whole-module (release) build the socket-type constants are attributed to libpcap's
// module, whose header includes <sys/socket.h> first; importing it keeps them in scope.
import CPcap
#if canImport(Glibc)
import Glibc
#endif

/// A non-blocking TCP connection driven by the reactor.
final class TCPConnection: @unchecked Sendable {
    enum ConnectOutcome: Sendable {
        case open(TCPConnection)
        /// RST: the host is there, the port is closed.
        case refused
        /// ICMP unreachable or no route.
        case unreachable
        /// No answer at all (dropped by a firewall, or nobody at the address).
        case timedOut
        case failed(String)
    }

    let fd: Int32
    private let reactor: SocketReactor
    private var closed = false

    private init(fd: Int32, reactor: SocketReactor) {
        self.fd = fd
        self.reactor = reactor
    }

    deinit { close() }

    /// Connects (the caller has passed the send gate for this attempt).
    static func connect(_ address: ScanAddress, port: UInt16, scopeID: UInt32 = 0, timeout: Double, reactor: SocketReactor) async -> ConnectOutcome {
        let target = SocketAddress(address, port: port, scopeID: scopeID)
        let fd = socket(target.family, SocketType.stream | SocketType.nonBlocking | SocketType.closeOnExec, 0)
        guard fd >= 0 else { return .failed("socket: \(String(cString: strerror(errno)))") }
        let connection = TCPConnection(fd: fd, reactor: reactor)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let status = target.withSockaddr { Glibc.connect(fd, $0, $1) }
        if status != 0 {
            let code = errno
            guard code == EINPROGRESS else { return classify(code) }
            guard await reactor.wait(fd, events: Int16(POLLOUT), timeout: timeout) == .ready else {
                connection.abort()
                return .timedOut
            }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            if error != 0 { return classify(error) }
        }
        return .open(connection)
    }

    private static func classify(_ code: Int32) -> ConnectOutcome {
        switch code {
        case ECONNREFUSED: .refused
        case EHOSTUNREACH, ENETUNREACH, EHOSTDOWN: .unreachable
        case ETIMEDOUT: .timedOut
        default: .failed(String(cString: strerror(code)))
        }
    }

    /// Sends everything or gives up at the deadline.
    func send(_ bytes: [UInt8], timeout: Double) async -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written > 0 {
                offset += written
            } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                guard await reactor.wait(fd, events: Int16(POLLOUT), timeout: timeout) == .ready else { return false }
            } else {
                return false
            }
        }
        return true
    }

    enum ReceiveEnd: Sendable { case complete, closed, timedOut, limit, failed }

    /// Reads until `isComplete` says the answer is whole, the peer closes, `limit` bytes arrive
    /// or `timeout` seconds pass with the answer unfinished (one deadline for the whole answer,
    /// so a device trickling bytes cannot hold the scan).
    func receive(limit: Int, timeout: Double, isComplete: ([UInt8]) -> Bool) async -> ([UInt8], ReceiveEnd) {
        var buffer: [UInt8] = []
        let clock = SystemScanClock()
        let deadline = clock.now() + timeout
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, min($0.count, limit - buffer.count), 0) }
            if count > 0 {
                buffer += chunk[0..<count]
                if isComplete(buffer) { return (buffer, .complete) }
                if buffer.count >= limit { return (buffer, .limit) }
                continue
            }
            if count == 0 { return (buffer, .closed) }
            guard errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else { return (buffer, .failed) }
            let left = deadline - clock.now()
            guard left > 0, await reactor.wait(fd, events: Int16(POLLIN), timeout: left) == .ready else { return (buffer, .timedOut) }
        }
    }

    /// Closes with a reset, so a scan leaves no TIME_WAIT sockets behind on either side.
    func abort() {
        guard !closed else { return }
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close()
    }

    func close() {
        guard !closed else { return }
        closed = true
        _ = Glibc.close(fd)
    }
}
