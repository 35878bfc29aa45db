import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP relay in front of the test PostgreSQL, which a test can cut (every
/// connection dropped, new ones refused) and restore: a server that goes away and comes back,
/// without stopping the cluster other tests share.
public final class TCPRelay: @unchecked Sendable {
    public let port: UInt16
    private let upstreamPort: UInt16
    private let lock = NSLock()
    private var listener: Int32 = -1
    private var sockets: Set<Int32> = []
    private var frozen = false
    /// Bytes the clients have sent upstream, and where `cut(afterUpstreamBytes:)` cuts.
    private var upstreamBytes = 0
    private var cutAfter: Int?

    public init(upstreamPort: UInt16) throws {
        self.upstreamPort = upstreamPort
        let probe = try Self.listen(port: 0)
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) } }
        port = UInt16(bigEndian: address.sin_port)
        listener = probe
        startAccepting(probe)
    }

    deinit { cut() }

    public func cut() {
        lock.withLock {
            if listener >= 0 { shutdown(listener, Int32(SHUT_RDWR)); close(listener); listener = -1 }
            for socket in sockets { shutdown(socket, Int32(SHUT_RDWR)) }
            sockets.removeAll()
        }
    }

    /// Cuts (as `cut()`) once the clients have sent this many bytes upstream in all: a server
    /// lost at a set point of a long write, whatever the machine's speed.
    public func cut(afterUpstreamBytes limit: Int) {
        lock.withLock { cutAfter = limit }
    }

    /// The network goes silent without closing anything: what either side sends from now on
    /// is read and dropped, as a partition would lose it.
    public func freeze() {
        lock.withLock { frozen = true }
    }

    public func restore() throws {
        let socket = try Self.listen(port: port)
        lock.withLock { listener = socket }
        startAccepting(socket)
    }

    private func startAccepting(_ socket: Int32) {
        Thread.detachNewThread { [weak self] in
            while true {
                let client = accept(socket, nil, nil)
                guard client >= 0, let self else { return }
                guard let server = try? Self.connect(port: self.upstreamPort) else { close(client); continue }
                self.lock.withLock { self.sockets.formUnion([client, server]) }
                Thread.detachNewThread { self.pump(from: client, to: server, upstream: true) }
                Thread.detachNewThread { self.pump(from: server, to: client, upstream: false) }
            }
        }
    }

    private func pump(from source: Int32, to destination: Int32, upstream: Bool) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            if lock.withLock({ frozen }) { continue }
            if upstream {
                let reached = lock.withLock { () -> Bool in
                    upstreamBytes += count
                    return cutAfter.map { upstreamBytes >= $0 } ?? false
                }
                if reached {
                    cut()
                    break
                }
            }
            var offset = 0
            while offset < count {
                let written = buffer[offset..<count].withUnsafeBytes { write(destination, $0.baseAddress, $0.count) }
                if written <= 0 { break }
                offset += written
            }
        }
        shutdown(destination, Int32(SHUT_RDWR))
        shutdown(source, Int32(SHUT_RDWR))
    }

    private static func loopback(_ port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private static func listen(port: UInt16) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, Glibc.listen(socket, 16) == 0 else { close(socket); throw POSIXError(.EADDRINUSE) }
        return socket
    }

    private static func connect(port: UInt16) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = loopback(port)
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard connected == 0 else { close(socket); throw POSIXError(.ECONNREFUSED) }
        return socket
    }
}
