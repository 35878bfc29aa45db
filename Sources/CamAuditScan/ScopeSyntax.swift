/// The target syntax shared by arguments, `--targets-file` and `--exclude`:
/// `10.0.0.5`, `10.0.0.0/24`, `10.0.0.10-20`, `10.0.0.10-10.0.1.5`, and the IPv6 forms
/// `fd00::5`, `fd00::/120`, `fd00::1-fd00::ff` (within one /64).
enum ScopeSyntax {
    /// Splits arguments and file lines into items: commas and whitespace separate, `#` starts a comment.
    static func items(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).flatMap { line -> [String] in
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return content.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        }
    }

    /// Parses one item. CIDR blocks of /30 and wider (IPv4) leave out the network and broadcast
    /// addresses, which are not hosts; `skipNetworkAndBroadcast` is false for exclusions, so
    /// excluding `10.0.0.0/24` really removes all of it.
    static func interval(_ item: String, skipNetworkAndBroadcast: Bool) throws(ScopeError) -> AddressInterval {
        if let slash = item.firstIndex(of: "/") {
            let base = String(item[..<slash])
            guard let address = ScanAddress(base) else { throw bad(item, "'\(base)' is not an IP address") }
            guard let prefix = Int(item[item.index(after: slash)...]) else { throw bad(item, "the prefix length after '/' is not a number") }
            return try cidr(address, prefix, item: item, skipNetworkAndBroadcast: skipNetworkAndBroadcast)
        }
        if let dash = item.firstIndex(of: "-") {
            let startText = String(item[..<dash])
            let endText = String(item[item.index(after: dash)...])
            guard let start = ScanAddress(startText) else { throw bad(item, "'\(startText)' is not an IP address") }
            let end: ScanAddress
            if let full = ScanAddress(endText) {
                end = full
            } else if !start.isIPv6, let octet = UInt8(endText) {
                // a.b.c.d-e: the last octet only.
                end = ScanAddress(ipv4: (start.ipv4! & 0xFFFF_FF00) | UInt32(octet))
            } else {
                throw bad(item, "'\(endText)' is neither an IP address nor a last octet (0-255)")
            }
            guard start.isIPv6 == end.isIPv6 else { throw bad(item, "a range cannot mix IPv4 and IPv6") }
            guard start.high == end.high else { throw bad(item, "IPv6 ranges must stay within one /64") }
            guard start.low <= end.low else { throw bad(item, "the range ends before it starts") }
            return AddressInterval(start, end)
        }
        guard let address = ScanAddress(item) else {
            throw bad(item, "not an address, CIDR block or range (host names are not resolved: give addresses)")
        }
        return AddressInterval(address, address)
    }

    private static func cidr(_ address: ScanAddress, _ prefix: Int, item: String, skipNetworkAndBroadcast: Bool) throws(ScopeError) -> AddressInterval {
        if let value = address.ipv4 {
            guard (0...32).contains(prefix) else { throw bad(item, "an IPv4 prefix length is 0 to 32") }
            let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefix)
            var first = value & mask
            var last = first | ~mask
            if skipNetworkAndBroadcast && prefix <= 30 {
                first += 1
                last -= 1
            }
            return AddressInterval(ScanAddress(ipv4: first), ScanAddress(ipv4: last))
        }
        guard (64...128).contains(prefix) else {
            throw bad(item, "IPv6 blocks must be /64 or narrower (a /64 alone is far over any host cap; list hosts or a small block)")
        }
        let bits = 128 - prefix
        let mask: UInt64 = bits == 64 ? 0 : ~UInt64(0) << UInt64(bits)
        let first = address.low & mask
        return AddressInterval(isIPv6: true, high: address.high, lower: first, upper: first | ~mask)
    }

    private static func bad(_ item: String, _ reason: String) -> ScopeError {
        ScopeError(.syntax, "'\(item)': \(reason)")
    }
}
