import CPcap
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// ARP on directly attached subnets with libpcap: a who-has for each in-scope address (paced by
/// the ARP cap), replies read from the wire. It finds devices that answer only at layer 2, and
/// it tells the scanner which addresses are worth probing at all. Needs root or CAP_NET_RAW.
final class ARPSweeper: @unchecked Sendable {
    private final class Capture: @unchecked Sendable {
        let interface: LocalInterface
        let handle: OpaquePointer
        var stopping = false
        init(interface: LocalInterface, handle: OpaquePointer) {
            self.interface = interface
            self.handle = handle
        }
    }

    private let gate: SendGate
    private let lock = NSLock()
    private var captures: [String: Capture] = [:]
    private var replies: [UInt32: String] = [:]
    /// Tasks waiting for an address's reply, resumed by the capture thread or their time-out.
    private var waiters: [UInt32: [(id: Int, continuation: CheckedContinuation<String?, Never>)]] = [:]
    private var nextWaiter = 0
    private var threads: [Thread] = []
    private var requestCount = 0
    private let finished = DispatchGroup()

    /// Why ARP is not available, when it is not (no privilege, libpcap error).
    let notice: String?

    /// Opens a capture on each interface whose subnet the scope reaches; nil when there is none.
    init?(interfaces: [LocalInterface], gate: SendGate) {
        self.gate = gate
        let relevant = interfaces.filter { interface in
            !interface.isLoopback && interface.mac != nil && gate.scope.intervals.contains { $0.overlaps(interface.subnet) }
        }
        guard !relevant.isEmpty else { return nil }
        var problems: [String] = []
        var opened: [String: Capture] = [:]
        for interface in relevant {
            switch Self.open(interface.name) {
            case .success(let handle): opened[interface.name] = Capture(interface: interface, handle: handle)
            case .failure(let message): problems.append(message)
            }
        }
        captures = opened
        notice = problems.isEmpty ? nil : problems.joined(separator: "; ")
        for capture in opened.values {
            finished.enter()
            let thread = Thread { [self] in
                read(capture)
                finished.leave()
            }
            thread.name = "camaudit-arp"
            thread.start()
        }
    }

    func covers(_ interface: LocalInterface) -> Bool { lock.withLock { captures[interface.name] != nil } }

    var requestsSent: Int { lock.withLock { requestCount } }

    private enum Opened { case success(OpaquePointer), failure(String) }

    private static func open(_ name: String) -> Opened {
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let handle = pcap_create(name, &errorBuffer) else {
            let reason = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return .failure("ARP on \(name) unavailable (libpcap: \(reason)); continuing without it")
        }
        pcap_set_snaplen(handle, 128)
        pcap_set_immediate_mode(handle, 1)
        pcap_set_timeout(handle, 100)
        let status = pcap_activate(handle)
        if status < 0 {
            let detail = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            if status == PCAP_ERROR_PERM_DENIED {
                return .failure("ARP discovery needs root or CAP_NET_RAW (setcap cap_net_raw=eip on the binary); continuing with TCP/UDP probes and the kernel's neighbour table")
            }
            return .failure("ARP on \(name) unavailable (libpcap: \(detail)); continuing without it")
        }
        var program = bpf_program()
        if pcap_compile(handle, &program, "arp", 1, PCAP_NETMASK_UNKNOWN) == 0 {
            pcap_setfilter(handle, &program)
            pcap_freecode(&program)
        }
        return .success(handle)
    }

    /// Sends one who-has for `address` on `interface` and waits for the answer.
    func resolve(_ address: ScanAddress, on interface: LocalInterface, timeout: Double) async -> String? {
        guard let target = address.ipv4, let own = interface.address.ipv4, let mac = interface.mac,
              let capture = lock.withLock({ captures[interface.name] }) else { return nil }
        // Defence in depth: the gate refuses addresses outside the scope (ARP is paced by the caller).
        guard gate.scope.contains(address) else { return nil }
        gate.log?.append(RequestLog.Entry(address: address, port: 0, transport: "arp", summary: "who-has \(address) tell \(interface.address)"))
        var frame = [UInt8](repeating: 0xFF, count: 6) + mac + [0x08, 0x06]
        frame += [0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01] + mac + Self.bytes(own) + [UInt8](repeating: 0, count: 6) + Self.bytes(target)
        frame += [UInt8](repeating: 0, count: max(0, 60 - frame.count))
        lock.withLock { requestCount += 1 }
        _ = frame.withUnsafeBytes { pcap_inject(capture.handle, $0.baseAddress, $0.count) }
        let found = await reply(for: target, timeout: timeout)
        if let found { Self.teachKernel(address: target, mac: found, interface: interface.name) }
        return found
    }

    /// The reply for `target`, as soon as the capture thread sees it, or nil after `timeout`.
    private func reply(for target: UInt32, timeout: Double) async -> String? {
        await withCheckedContinuation { continuation in
            let id: Int? = lock.withLock {
                if let known = replies[target] {
                    continuation.resume(returning: known)
                    return nil
                }
                nextWaiter += 1
                waiters[target, default: []].append((nextWaiter, continuation))
                return nextWaiter
            }
            guard let id else { return }
            Task.detached { [self] in
                try? await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
                let expired: CheckedContinuation<String?, Never>? = lock.withLock {
                    guard let index = waiters[target]?.firstIndex(where: { $0.id == id }) else { return nil }
                    let waiter = waiters[target]!.remove(at: index)
                    if waiters[target]!.isEmpty { waiters[target] = nil }
                    return waiter.continuation
                }
                expired?.resume(returning: nil)
            }
        }
    }

    func stop() {
        let all = lock.withLock { () -> [Capture] in
            for capture in captures.values { capture.stopping = true }
            return Array(captures.values)
        }
        for capture in all { pcap_breakloop(capture.handle) }
        finished.wait()
        let pending = lock.withLock { () -> [CheckedContinuation<String?, Never>] in
            defer { waiters.removeAll() }
            return waiters.values.flatMap { $0.map(\.continuation) }
        }
        for continuation in pending { continuation.resume(returning: nil) }
        for capture in all { pcap_close(capture.handle) }
        lock.withLock { captures.removeAll() }
    }

    private func read(_ capture: Capture) {
        while !(lock.withLock { capture.stopping }) {
            var header: UnsafeMutablePointer<pcap_pkthdr>?
            var data: UnsafePointer<UInt8>?
            let status = pcap_next_ex(capture.handle, &header, &data)
            if status == PCAP_ERROR_BREAK || status < 0 { break }
            guard status == 1, let header, let data else { continue }
            let frame = Array(UnsafeBufferPointer(start: data, count: Int(header.pointee.caplen)))
            guard let (address, mac) = Self.reply(in: frame) else { continue }
            let waiting = lock.withLock { () -> [CheckedContinuation<String?, Never>] in
                if replies.count < 1 << 20 { replies[address] = mac }
                return waiters.removeValue(forKey: address)?.map(\.continuation) ?? []
            }
            for continuation in waiting { continuation.resume(returning: mac) }
        }
    }

    /// The sender of an Ethernet ARP reply (IPv4 over Ethernet, opcode 2).
    static func reply(in frame: [UInt8]) -> (UInt32, String)? {
        guard frame.count >= 42, frame[12] == 0x08, frame[13] == 0x06, frame[14] == 0x00, frame[15] == 0x01,
              frame[16] == 0x08, frame[17] == 0x00, frame[18] == 6, frame[19] == 4, frame[20] == 0, frame[21] == 2 else { return nil }
        let mac = frame[22..<28].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: ":")
        let address = frame[28..<32].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return (address, mac)
    }

    private static func bytes(_ value: UInt32) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> UInt32($0)) }
    }

    /// Hands the answer to the kernel's neighbour table, so the probes that follow do not cost
    /// a second ARP request. The entry is written REACHABLE over rtnetlink (RTM_NEWNEIGH, needs
    /// CAP_NET_ADMIN): one written with SIOCSARP starts STALE, and the kernel then re-asks every
    /// such host five seconds after the first probe goes to it (a unicast ARP request outside
    /// `--arp-rate`: on a dense segment it pushed the wire past the cap). A REACHABLE entry ages
    /// out as the kernel's own do. Without the capability the kernel asks again itself.
    private static func teachKernel(address: UInt32, mac: String, interface: String) {
        let octets = mac.split(separator: ":").compactMap { UInt8($0, radix: 16) }
        let index = if_nametoindex(interface)
        guard octets.count == 6, index > 0 else { return }
        let fd = socket(AF_NETLINK, SocketType.raw | SocketType.closeOnExec, 0)  // NETLINK_ROUTE is 0
        guard fd >= 0 else { return }
        defer { close(fd) }
        let message = NeighbourMessage(interfaceIndex: Int32(index), address: Self.bytes(address), mac: octets).bytes
        // An unconnected netlink socket sends to the kernel (port 0): no address is needed.
        _ = message.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
    }
}
