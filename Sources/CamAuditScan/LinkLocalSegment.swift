#if canImport(Glibc)
import Glibc
#endif

/// The one interface whose IPv6 link-local segment a scan may discover (`--ipv6-link-local
/// IFACE`): fe80::/64 addresses mean nothing without an interface (RFC 4291 §2.5.6, RFC 4007
/// §6), so every send to one carries this interface's index as its scope id, and the kernel
/// puts it on that link and no other. Nothing sent to fe80::/64 can leave the segment: routers
/// never forward link-local destinations (RFC 4291 §2.5.6).
public struct LinkLocalSegment: Sendable, Hashable {
    public var name: String
    /// The interface index: the scope id of every link-local address on it.
    public var index: UInt32
    /// The interface's own link-local address, the source of what the scan sends there.
    public var address: ScanAddress

    public init(name: String, index: UInt32, address: ScanAddress) {
        self.name = name
        self.index = index
        self.address = address
    }

    /// fe80::/64, the link-local unicast prefix as RFC 4291 §2.5.6 lays it out (the 54 bits
    /// after fe80::/10 are zero).
    public static func isLinkLocal(_ address: ScanAddress) -> Bool {
        address.isIPv6 && address.high == 0xFE80_0000_0000_0000
    }

    /// Finds an up, non-loopback interface with an IPv6 link-local address; refuses anything
    /// else with what to change.
    public static func resolve(_ name: String) throws(ScopeError) -> LinkLocalSegment {
        var head: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&head) == 0, let first = head else {
            throw ScopeError(.notAllowed, "cannot list this host's interfaces to find \(name)")
        }
        defer { freeifaddrs(head) }
        var exists = false
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let rawName = entry.pointee.ifa_name, String(cString: rawName) == name else { continue }
            exists = true
            let flags = Int32(entry.pointee.ifa_flags)
            if flags & Int32(IFF_LOOPBACK) != 0 {
                throw ScopeError(.notAllowed, "--ipv6-link-local \(name): a loopback interface has no link to discover; name the Ethernet interface of the segment (see `ip -6 addr`)")
            }
            guard flags & Int32(IFF_UP) != 0, let raw = entry.pointee.ifa_addr, Int32(raw.pointee.sa_family) == AF_INET6 else { continue }
            let sin6 = UnsafeRawPointer(raw).load(as: sockaddr_in6.self)
            let bytes = withUnsafeBytes(of: sin6.sin6_addr) { Array($0) }
            let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let low = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let address = ScanAddress(ipv6: high, low)
            guard isLinkLocal(address) else { continue }
            let index = if_nametoindex(name)
            guard index != 0 else { continue }
            return LinkLocalSegment(name: name, index: index, address: address)
        }
        if !exists {
            throw ScopeError(.notAllowed, "--ipv6-link-local \(name): no such interface; see `ip link`")
        }
        throw ScopeError(.notAllowed, "--ipv6-link-local \(name): the interface is down or has no IPv6 link-local address (fe80::/64); bring it up, or check that IPv6 is not disabled on it (`ip -6 addr show dev \(name)`)")
    }
}
