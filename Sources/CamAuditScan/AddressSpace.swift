/// Which address space may be scanned without `--allow-public`, and which never.
enum AddressSpace {
    /// Private, shared and local space: RFC 1918, RFC 6598 (100.64/10), link-local, loopback,
    /// IPv6 unique-local (fc00::/7), link-local (fe80::/10) and ::1.
    static let privateBlocks: [(String, AddressInterval)] = [
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8",
    ].map { ($0, try! ScopeSyntax.interval($0, skipNetworkAndBroadcast: false)) }

    /// Addresses that are never a single host: 0/8, multicast, reserved and limited broadcast.
    static let neverHosts: [(String, AddressInterval)] = [
        "0.0.0.0/8", "224.0.0.0/4", "240.0.0.0/4",
    ].map { ($0, try! ScopeSyntax.interval($0, skipNetworkAndBroadcast: false)) }

    static func isPrivate(_ interval: AddressInterval) -> Bool {
        if !interval.isIPv6 { return privateBlocks.contains { interval.isInside($0.1) } }
        let top = interval.high >> 48
        if top & 0xFE00 == 0xFC00 { return true }     // fc00::/7
        if top & 0xFFC0 == 0xFE80 { return true }     // fe80::/10
        return interval.high == 0 && interval.lower == 1 && interval.upper == 1   // ::1
    }

    /// The block name when the interval touches space that holds no hosts.
    static func nonHostBlock(_ interval: AddressInterval) -> String? {
        if interval.isIPv6 { return interval.high >> 56 == 0xFF ? "ff00::/8 (multicast)" : nil }
        return neverHosts.first { interval.overlaps($0.1) }?.0
    }
}
