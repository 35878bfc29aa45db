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
            return .failure("ARP on \(name): \(String(cString: errorBuffer))")
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
        let clock = SystemScanClock()
        let deadline = clock.now() + timeout
        while clock.now() < deadline {
            if let found = lock.withLock({ replies[target] }) {
                Self.teachKernel(address: target, mac: found, interface: interface.name)
                return found
            }
            await clock.sleep(until: min(deadline, clock.now() + 0.005))
        }
        return lock.withLock { replies[target] }
    }

    func stop() {
        let all = lock.withLock { () -> [Capture] in
            for capture in captures.values { capture.stopping = true }
            return Array(captures.values)
        }
        for capture in all { pcap_breakloop(capture.handle) }
        finished.wait()
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
            lock.withLock { if replies.count < 1 << 20 { replies[address] = mac } }
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

    /// Hands the answer to the kernel's neighbour table (SIOCSARP, needs CAP_NET_ADMIN), so the
    /// probes that follow do not cost a second ARP request. Without the capability the kernel
    /// asks again, which is harmless but doubles the ARP traffic for that host.
    private static func teachKernel(address: UInt32, mac: String, interface: String) {
        let octets = mac.split(separator: ":").compactMap { UInt8($0, radix: 16) }
        guard octets.count == 6 else { return }
        // struct arpreq from <net/if_arp.h> (not in Swift's Glibc module), laid out by hand:
        // arp_pa (sockaddr, 16), arp_ha (sockaddr, 16), arp_flags (int), arp_netmask (16), arp_dev[16].
        var request = [UInt8](repeating: 0, count: 68)
        request[0] = UInt8(AF_INET)                          // arp_pa: sockaddr_in, family in host order
        for (index, byte) in Self.bytes(address).enumerated() { request[4 + index] = byte }
        request[16] = 1                                       // arp_ha.sa_family = ARPHRD_ETHER
        for (index, octet) in octets.enumerated() { request[18 + index] = octet }
        request[32] = 0x02                                    // arp_flags = ATF_COM
        for (index, byte) in interface.utf8.prefix(15).enumerated() { request[52 + index] = byte }
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return }
        let siocsarp: UInt = 0x8955
        _ = request.withUnsafeMutableBytes { ioctl(fd, siocsarp, $0.baseAddress!) }
        close(fd)

    }
}
