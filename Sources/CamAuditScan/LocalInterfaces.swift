#if canImport(Glibc)
import Glibc
#endif

/// This host's IPv4 interfaces: which subnets are directly attached (ARP reaches them), the
/// address to send multicast from, and the MAC an ARP request carries.
struct LocalInterface: Sendable, Hashable {
    var name: String
    var address: ScanAddress
    var netmask: UInt32
    var mac: [UInt8]?
    var isLoopback: Bool

    /// True when `target` is on this interface's subnet (and is not the interface itself).
    func attaches(_ target: ScanAddress) -> Bool {
        guard !isLoopback, let value = target.ipv4, let own = address.ipv4, value != own else { return false }
        return value & netmask == own & netmask
    }

    /// The subnet as an interval, for "does the scope reach this segment".
    var subnet: AddressInterval {
        let own = address.ipv4 ?? 0
        return AddressInterval(ScanAddress(ipv4: own & netmask), ScanAddress(ipv4: own | ~netmask))
    }

    /// Up IPv4 interfaces, from getifaddrs (MACs from the AF_PACKET entries).
    static func current() -> [LocalInterface] {
        var head: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&head) == 0, let first = head else { return [] }
        defer { freeifaddrs(head) }
        var macs: [String: [UInt8]] = [:]
        var found: [LocalInterface] = []
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let address = entry.pointee.ifa_addr, let rawName = entry.pointee.ifa_name else { continue }
            let name = String(cString: rawName)
            let flags = Int32(entry.pointee.ifa_flags)
            guard flags & Int32(IFF_UP) != 0 else { continue }
            switch Int32(address.pointee.sa_family) {
            case AF_PACKET:
                // struct sockaddr_ll (not in Swift's Glibc module): sll_halen at 11, sll_addr at 12.
                let link = UnsafeRawPointer(address)
                if link.load(fromByteOffset: 11, as: UInt8.self) == 6 {
                    macs[name] = (12..<18).map { link.load(fromByteOffset: $0, as: UInt8.self) }
                }
            case AF_INET:
                guard let mask = entry.pointee.ifa_netmask else { continue }
                let sin = UnsafeRawPointer(address).load(as: sockaddr_in.self)
                let maskValue = UnsafeRawPointer(mask).load(as: sockaddr_in.self)
                found.append(LocalInterface(
                    name: name, address: ScanAddress(ipv4: UInt32(bigEndian: sin.sin_addr.s_addr)),
                    netmask: UInt32(bigEndian: maskValue.sin_addr.s_addr), mac: nil,
                    isLoopback: flags & Int32(IFF_LOOPBACK) != 0))
            default:
                continue
            }
        }
        return found.map { interface in
            var copy = interface
            copy.mac = macs[interface.name]
            return copy
        }
    }
}
