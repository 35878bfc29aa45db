import Foundation
// The socket-type constants live in libpcap's module in a whole-module build (see SocketType).
import CPcap
#if canImport(Glibc)
import Glibc
#endif

/// The kernel's IPv6 neighbour cache for one interface, read over rtnetlink (an RTM_GETNEIGH
/// dump, rtnetlink(7)): the MACs neighbour discovery resolved while the probes went out to
/// link-local hosts. /proc has no IPv6 counterpart of /proc/net/arp. Needs no privilege.
/// Re-read at most twice a second.
final class IPv6NeighbourTable: @unchecked Sendable {
    private let interfaceIndex: UInt32
    private let lock = NSLock()
    private var entries: [ScanAddress: String] = [:]
    private var readAt = -Double.infinity
    private let clock = SystemScanClock()

    init(interfaceIndex: UInt32) {
        self.interfaceIndex = interfaceIndex
    }

    func mac(for address: ScanAddress) -> String? {
        guard address.isIPv6 else { return nil }
        return lock.withLock {
            if clock.now() - readAt > 0.5 || entries[address] == nil && clock.now() - readAt > 0.05 {
                entries = Self.dump().filter { $0.interface == interfaceIndex }.reduce(into: [:]) { $0[$1.address] = $1.mac }
                readAt = clock.now()
            }
            return entries[address]
        }
    }

    struct Entry: Equatable {
        var interface: UInt32
        var address: ScanAddress
        var mac: String
    }

    // rtnetlink constants (linux/netlink.h, linux/rtnetlink.h, linux/neighbour.h).
    static let netlinkRoute: Int32 = 0
    static let getNeighbour: UInt16 = 30, newNeighbour: UInt16 = 28, done: UInt16 = 3, error: UInt16 = 2
    static let requestFlag: UInt16 = 0x1, dumpFlag: UInt16 = 0x300
    static let attributeDestination: UInt16 = 1, attributeLinkLayer: UInt16 = 2
    /// NUD_INCOMPLETE, NUD_FAILED and NUD_NOARP entries hold no usable address.
    static let unusableStates: UInt16 = 0x01 | 0x20 | 0x40

    static func dump() -> [Entry] {
        let fd = socket(Int32(AF_NETLINK), SocketType.raw | SocketType.closeOnExec, netlinkRoute)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // nlmsghdr (length, type, flags, sequence, port id) and an ndmsg asking for AF_INET6.
        var message: [UInt8] = []
        func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { message += $0 } }
        func u16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { message += $0 } }
        u32(28); u16(getNeighbour); u16(requestFlag | dumpFlag); u32(1); u32(0)
        message += [UInt8(AF_INET6), 0, 0, 0] + [UInt8](repeating: 0, count: 8)
        guard send(fd, message, message.count, 0) == message.count else { return [] }
        var entries: [Entry] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        // A dump of a large cache comes in several datagrams; a bounded number is read.
        for _ in 0..<256 {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { return entries }
            let (parsed, finished) = parse(Array(buffer[0..<count]))
            entries += parsed
            if finished || entries.count > 65_536 { return entries }
        }
        return entries
    }

    /// The neighbour entries of one datagram of the dump, and whether it ended the dump.
    static func parse(_ bytes: [UInt8]) -> ([Entry], Bool) {
        func u16(_ offset: Int) -> UInt16 { UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8 }
        func u32(_ offset: Int) -> UInt32 { UInt32(u16(offset)) | UInt32(u16(offset + 2)) << 16 }
        var entries: [Entry] = []
        var offset = 0
        while offset + 16 <= bytes.count {
            let length = Int(u32(offset))
            let type = u16(offset + 4)
            guard length >= 16, offset + length <= bytes.count else { return (entries, true) }
            if type == done || type == error { return (entries, true) }
            // ndmsg: family (1), pad (3), ifindex (4), state (2), flags (1), type (1).
            if type == newNeighbour, length >= 28, bytes[offset + 16] == UInt8(AF_INET6), u16(offset + 24) & unusableStates == 0 {
                let interface = u32(offset + 20)
                var address: ScanAddress?
                var mac: String?
                var attribute = offset + 28
                while attribute + 4 <= offset + length {
                    let attributeLength = Int(u16(attribute))
                    guard attributeLength >= 4, attribute + attributeLength <= offset + length else { break }
                    let value = Array(bytes[(attribute + 4)..<(attribute + attributeLength)])
                    switch u16(attribute + 2) {
                    case attributeDestination where value.count == 16:
                        let high = value[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                        let low = value[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                        address = ScanAddress(ipv6: high, low)
                    case attributeLinkLayer where value.count == 6 && !value.allSatisfy({ $0 == 0 }):
                        mac = value.map { String(format: "%02x", $0) }.joined(separator: ":")
                    default:
                        break
                    }
                    attribute += (attributeLength + 3) & ~3
                }
                if let address, let mac { entries.append(Entry(interface: interface, address: address, mac: mac)) }
            }
            offset += (length + 3) & ~3
        }
        return (entries, false)
    }
}
