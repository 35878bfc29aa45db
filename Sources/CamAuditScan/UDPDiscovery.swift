import CamAuditDissectors
import Foundation
// In a whole-module (release) build the socket-type constants are attributed to libpcap's
// module, whose header includes <sys/socket.h> first; importing it keeps them in scope.
import CPcap
#if canImport(Glibc)
import Glibc
#endif

/// The UDP discovery exchanges: one socket per address family sends the unicast probes to each
/// in-scope address (and, with `--multicast`, to the link-local groups) and collects every
/// answer by its sender. Answers from outside the scope are counted and dropped.
final class UDPDiscovery: @unchecked Sendable {
    struct Datagram: Sendable {
        /// The dissector name, from the content (devices answer SSDP from any port).
        var protocolName: String
        var port: UInt16
        var bytes: [UInt8]
    }

    /// Well-known discovery ports and what is sent to each.
    enum Probe: CaseIterable {
        case wsDiscovery, sadp, dhip, dahuaLegacy, ssdp

        var port: UInt16 {
            switch self {
            case .wsDiscovery: 3702
            case .sadp: 37020
            case .dhip: 37810
            case .dahuaLegacy: 5050
            case .ssdp: 1900
            }
        }
    }

    static let maximumDatagramsPerHost = 16

    private let reactor: SocketReactor
    private let scope: ScanScope
    private let lock = NSLock()
    private var sockets: [Int32: Int32] = [:]   // family → fd
    private var answers: [ScanAddress: [Datagram]] = [:]
    private var stopped = false
    private var receivers: [Task<Void, Never>] = []
    private(set) var droppedOutOfScope = 0

    init(reactor: SocketReactor, scope: ScanScope) {
        self.reactor = reactor
        self.scope = scope
    }

    /// The socket for a family, opened on first use, with its receive loop.
    private func socketFor(_ family: Int32) -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let fd = sockets[family] { return fd }
        let fd = socket(family, SocketType.datagram | SocketType.nonBlocking | SocketType.closeOnExec, 0)
        guard fd >= 0 else { return nil }
        var size: Int32 = 4 << 20
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        if family == AF_INET {
            // Multicast stays on the local segment and is not looped back to us.
            var ttl: UInt8 = 1, loop: UInt8 = 0
            setsockopt(fd, Int32(IPPROTO_IP), IP_MULTICAST_TTL, &ttl, 1)
            setsockopt(fd, Int32(IPPROTO_IP), IP_MULTICAST_LOOP, &loop, 1)
            var ttlUnicast: Int32 = 64
            setsockopt(fd, Int32(IPPROTO_IP), IP_TTL, &ttlUnicast, socklen_t(MemoryLayout<Int32>.size))
        } else {
            var hops: Int32 = 1, loop: UInt32 = 0
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_MULTICAST_HOPS, &hops, socklen_t(MemoryLayout<Int32>.size))
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_MULTICAST_LOOP, &loop, socklen_t(MemoryLayout<UInt32>.size))
        }
        sockets[family] = fd
        receivers.append(Task.detached { [self] in await receiveLoop(fd) })
        return fd
    }

    /// Sends one datagram to an in-scope host (the caller has passed the send gate).
    @discardableResult
    func send(_ payload: [UInt8], to address: ScanAddress, port: UInt16) -> Bool {
        guard scope.contains(address) else { return false }
        let target = SocketAddress(address, port: port, scopeID: scope.scopeID(for: address))
        guard let fd = socketFor(target.family) else { return false }
        let sent = payload.withUnsafeBytes { bytes in
            target.withSockaddr { sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), $0, $1) }
        }
        return sent == payload.count
    }

    /// Sends to a link-local multicast group through `interface`, or to that interface's own
    /// subnet broadcast address. TTL 1 and an attached subnet: it never leaves the segment.
    @discardableResult
    func sendLocalSegment(_ payload: [UInt8], group: ScanAddress, port: UInt16, interface: LocalInterface) -> Bool {
        guard !group.isIPv6, let local = interface.address.ipv4, let fd = socketFor(AF_INET) else { return false }
        let isBroadcast = group == interface.broadcast
        guard MulticastGroups.allowed.contains(group) || isBroadcast else { return false }
        var interfaceAddress = in_addr(s_addr: local.bigEndian)
        setsockopt(fd, Int32(IPPROTO_IP), IP_MULTICAST_IF, &interfaceAddress, socklen_t(MemoryLayout<in_addr>.size))
        var on: Int32 = isBroadcast ? 1 : 0
        setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, socklen_t(MemoryLayout<Int32>.size))
        var ttl: Int32 = isBroadcast ? 1 : 64
        setsockopt(fd, Int32(IPPROTO_IP), IP_TTL, &ttl, socklen_t(MemoryLayout<Int32>.size))
        defer {
            var restored: Int32 = 64
            setsockopt(fd, Int32(IPPROTO_IP), IP_TTL, &restored, socklen_t(MemoryLayout<Int32>.size))
        }
        let target = SocketAddress(group, port: port)
        let sent = payload.withUnsafeBytes { bytes in
            target.withSockaddr { sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), $0, $1) }
        }
        return sent == payload.count
    }

    /// Sends to an IPv6 link-local multicast group (ff02::c) out of the scope's link-local
    /// interface only (the group's scope id), hop limit 1: it never leaves the segment.
    @discardableResult
    func sendLinkLocal(_ payload: [UInt8], group: ScanAddress, port: UInt16) -> Bool {
        guard let segment = scope.linkLocal, MulticastGroups.allowedIPv6.contains(group), let fd = socketFor(AF_INET6) else { return false }
        var index = segment.index
        setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_MULTICAST_IF, &index, socklen_t(MemoryLayout<UInt32>.size))
        let target = SocketAddress(group, port: port, scopeID: segment.index)
        let sent = payload.withUnsafeBytes { bytes in
            target.withSockaddr { sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), $0, $1) }
        }
        return sent == payload.count
    }

    /// The in-scope addresses that have answered so far (their answers stay held).
    func respondents() -> [ScanAddress] {
        lock.withLock { Array(answers.keys) }
    }

    /// Waits until `deadline` (ScanClock seconds), then returns what `address` sent. A device
    /// may answer several discovery protocols at different delays (WS-Discovery targets wait up
    /// to 500 ms on purpose), so the whole window is used; the host's TCP work overlaps it.
    func answers(from address: ScanAddress, until deadline: Double) async -> [Datagram] {
        await SystemScanClock().sleep(until: deadline)
        return lock.withLock { answers.removeValue(forKey: address) ?? [] }
    }

    /// Answers still held (multicast answers from hosts whose turn has passed, for example).
    func takeAll() -> [ScanAddress: [Datagram]] {
        lock.withLock {
            let all = answers
            answers.removeAll()
            return all
        }
    }

    func stop() async {
        let (tasks, fds): ([Task<Void, Never>], [Int32]) = lock.withLock {
            stopped = true
            return (receivers, Array(sockets.values))
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        for fd in fds { close(fd) }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func receiveLoop(_ fd: Int32) async {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !isStopped && !Task.isCancelled {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let count = buffer.withUnsafeMutableBytes { raw in
                withUnsafeMutablePointer(to: &storage) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, raw.baseAddress, raw.count, 0, $0, &length) }
                }
            }
            if count >= 0 {
                guard let (address, port) = SocketAddress.decode(storage) else { continue }
                record(Array(buffer[0..<count]), from: address, port: port)
                continue
            }
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                _ = await reactor.wait(fd, events: Int16(POLLIN), timeout: 0.25)
            } else {
                _ = await reactor.wait(fd, events: Int16(POLLIN), timeout: 0.05)
            }
        }
    }

    private func record(_ bytes: [UInt8], from address: ScanAddress, port: UInt16) {
        lock.withLock {
            guard scope.contains(address) else {
                droppedOutOfScope += 1
                return
            }
            guard !bytes.isEmpty, (answers[address]?.count ?? 0) < Self.maximumDatagramsPerHost else { return }
            answers[address, default: []].append(Datagram(protocolName: Self.protocolName(of: bytes, port: port), port: port, bytes: bytes))
        }
    }

    /// Which dissector reads a datagram: by content first, since SSDP answers come from any port.
    static func protocolName(of bytes: [UInt8], port: UInt16) -> String {
        if DHIPFrame.isFramed(bytes) { return "dhip" }
        if bytes.first == 0xB3 { return "dahua-5050" }
        if bytes.starts(with: Array("HTTP/".utf8)) || bytes.starts(with: Array("NOTIFY".utf8)) { return "ssdp" }
        let head = String(decoding: bytes.prefix(1024), as: UTF8.self)
        if head.contains("Envelope") { return "onvif-probematch" }
        if head.contains("ProbeMatch") { return "sadp" }
        switch port {
        case 3702: return "onvif-probematch"
        case 37020: return "sadp"
        case 37810: return "dhip"
        case 5050: return "dahua-5050"
        default: return "ssdp"
        }
    }
}

/// The only multicast groups `--multicast` may use (protocols.md §0); the only broadcast it
/// uses is the subnet broadcast of an attached interface. The limited broadcast
/// (255.255.255.255) is not used: without a default route Linux has no interface for it.
enum MulticastGroups {
    static let ssdpAndONVIF = ScanAddress("239.255.255.250")!
    static let dahua = ScanAddress("239.255.255.251")!
    static let allowed: Set<ScanAddress> = [ssdpAndONVIF, dahua]
    /// ff02::c, the link-local SSDP and WS-Discovery group (protocols.md §0, §1.1), and
    /// ff02::1, all nodes on the link (RFC 4291 §2.7.1), for the ICMPv6 echo.
    static let ssdpAndONVIFv6 = ScanAddress("ff02::c")!
    static let allNodes = ScanAddress("ff02::1")!
    static let allowedIPv6: Set<ScanAddress> = [ssdpAndONVIFv6]
}
