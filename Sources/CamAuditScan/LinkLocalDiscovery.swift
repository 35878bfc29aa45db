import Foundation
// The socket-type constants live in libpcap's module in a whole-module build (see SocketType).
import CPcap
#if canImport(Glibc)
import Glibc
#endif

/// `--ipv6-link-local IFACE`: finds the hosts of one IPv6 segment, which no address range can
/// enumerate (a /64 is 2^64 addresses). Twice, 250 ms apart as the IPv4 `--multicast` probes
/// (protocols.md §11: at most 3 repeats), out of that interface only and with hop limit 1:
/// - an ICMPv6 Echo Request (RFC 4443 §4.1) to ff02::1, all nodes on the link (RFC 4291 §2.7.1);
/// - the WS-Discovery Probes to [ff02::c]:3702 (protocols.md §1.1);
/// - an SSDP M-SEARCH to [ff02::c]:1900 (UPnP Device Architecture 1.1 §1.3.2, `HOST: [FF02::C]:1900`).
/// Each multicast datagram is paced as one packet by the global rate. The link-local addresses
/// that answer are the hosts to probe; answers from anywhere else are not in scope and dropped.
enum LinkLocalDiscovery {
    static func discover(segment: LinkLocalSegment, udp: UDPDiscovery, gate: SendGate, reactor: SocketReactor, timeout: Double,
                         log: RequestLog?) async -> (addresses: [ScanAddress], notice: String?) {
        let clock = gate.limiter.clock
        let echo = EchoSocket(segment: segment)
        var notice: String?
        if echo == nil {
            notice = "no ICMPv6 socket (needs root, CAP_NET_RAW or net.ipv4.ping_group_range); link-local discovery used WS-Discovery and SSDP only"
        }
        let receiving = echo.map { socket in Task.detached { await socket.collect(reactor: reactor, until: SystemScanClock().now() + timeout + 0.5 + 0.25) } }
        var probes: [(UInt16, [UInt8])] = ProbePayloads.wsDiscoveryTypes.map { (3702, ProbePayloads.wsDiscoveryProbe(type: $0, messageID: UUID())) }
        probes.append((1900, ProbePayloads.ssdpSearch(host: "[FF02::C]:1900", multicast: true)))
        for round in 0..<2 {
            if round > 0 { await clock.sleep(until: clock.now() + 0.25) }
            if let echo {
                await gate.limiter.acquire(host: MulticastGroups.allNodes)
                log?.append(RequestLog.Entry(address: MulticastGroups.allNodes, port: 0, transport: "icmpv6-multicast", summary: "via \(segment.name): echo request"))
                echo.sendEcho(sequence: UInt16(round + 1))
            }
            for (port, payload) in probes {
                await gate.limiter.acquire(host: MulticastGroups.ssdpAndONVIFv6)
                log?.append(RequestLog.Entry(address: MulticastGroups.ssdpAndONVIFv6, port: port, transport: "udp-multicast", summary: "via \(segment.name): " + RequestLog.printable(payload)))
                udp.sendLinkLocal(payload, group: MulticastGroups.ssdpAndONVIFv6, port: port)
            }
        }
        // Answers are awaited as long as any discovery answer is (`--timeout`).
        await clock.sleep(until: clock.now() + timeout)
        let echoed = await receiving?.value ?? []
        var found = Set(echoed.filter(gate.scope.contains))
        for address in udp.respondents() where LinkLocalDiscovery.isOnSegment(address, gate.scope) { found.insert(address) }
        // The scope's own address never needs probing.
        found.remove(segment.address)
        return (found.sorted(), notice)
    }

    static func isOnSegment(_ address: ScanAddress, _ scope: ScanScope) -> Bool {
        LinkLocalSegment.isLinkLocal(address) && scope.contains(address)
    }

    /// An ICMPv6 socket bound to the segment's interface: a ping socket when the user may open
    /// one (net.ipv4.ping_group_range), else a raw socket (root or CAP_NET_RAW). The kernel
    /// computes the ICMPv6 checksum for both (RFC 3542 §3.1).
    final class EchoSocket: @unchecked Sendable {
        let fd: Int32
        let segment: LinkLocalSegment
        let identifier = UInt16.random(in: 1...UInt16.max)
        /// A ping socket rewrites the identifier to its own and gets only its own replies; a raw
        /// socket keeps ours and sees every ICMPv6 message.
        let isPingSocket: Bool

        init?(segment: LinkLocalSegment) {
            var fd = socket(AF_INET6, SocketType.datagram | SocketType.nonBlocking | SocketType.closeOnExec, Int32(IPPROTO_ICMPV6))
            isPingSocket = fd >= 0
            if fd < 0 { fd = socket(AF_INET6, SocketType.raw | SocketType.nonBlocking | SocketType.closeOnExec, Int32(IPPROTO_ICMPV6)) }
            guard fd >= 0 else { return nil }
            var hops: Int32 = 1, loop: UInt32 = 0, index = segment.index
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_MULTICAST_HOPS, &hops, socklen_t(MemoryLayout<Int32>.size))
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_MULTICAST_LOOP, &loop, socklen_t(MemoryLayout<UInt32>.size))
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_MULTICAST_IF, &index, socklen_t(MemoryLayout<UInt32>.size))
            self.fd = fd
            self.segment = segment
        }

        deinit { close(fd) }

        /// Echo Request (RFC 4443 §4.1): type 128, code 0, checksum (the kernel's), identifier,
        /// sequence number, data.
        func sendEcho(sequence: UInt16) {
            let message: [UInt8] = [128, 0, 0, 0, UInt8(identifier >> 8), UInt8(identifier & 0xFF), UInt8(sequence >> 8), UInt8(sequence & 0xFF)]
                + Array("camaudit read-only audit".utf8)
            let target = SocketAddress(MulticastGroups.allNodes, port: 0, scopeID: segment.index)
            _ = message.withUnsafeBytes { bytes in
                target.withSockaddr { sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), $0, $1) }
            }
        }

        /// Echo Replies (type 129) that arrive on the segment's interface until `deadline`: their
        /// senders. A raw socket sees every ICMPv6 message, so replies to others' pings (another
        /// identifier) are skipped; a ping socket gets only its own.
        func collect(reactor: SocketReactor, until deadline: Double) async -> [ScanAddress] {
            var found = Set<ScanAddress>()
            var buffer = [UInt8](repeating: 0, count: 2048)
            let clock = SystemScanClock()
            while clock.now() < deadline, found.count < 65_536 {
                var storage = sockaddr_storage()
                var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
                let count = buffer.withUnsafeMutableBytes { raw in
                    withUnsafeMutablePointer(to: &storage) { pointer in
                        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, raw.baseAddress, raw.count, 0, $0, &length) }
                    }
                }
                if count < 0 {
                    _ = await reactor.wait(fd, events: Int16(POLLIN), timeout: max(0.01, min(0.25, deadline - clock.now())))
                    continue
                }
                guard count >= 8, buffer[0] == 129, Int32(storage.ss_family) == AF_INET6 else { continue }
                let sin6 = withUnsafeBytes(of: storage) { $0.load(as: sockaddr_in6.self) }
                // A link-local answer from another interface is not this segment's.
                guard sin6.sin6_scope_id == 0 || sin6.sin6_scope_id == segment.index else { continue }
                if !isPingSocket, UInt16(buffer[4]) << 8 | UInt16(buffer[5]) != identifier { continue }
                if let (address, _) = SocketAddress.decode(storage) { found.insert(address) }
            }
            return Array(found)
        }
    }
}
