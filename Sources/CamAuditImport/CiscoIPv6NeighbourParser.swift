/// Cisco `show ipv6 neighbors`: `IPV6-ADDRESS AGE LINK-LAYER-ADDR STATE INTERFACE`; an INCMP entry
/// has no link-layer address yet and is passed over. The IPv6 neighbour table is where an
/// IPv6-only camera shows up, keyed by the same MAC as its IPv4 self.
struct CiscoIPv6NeighbourParser: TableParser {
    mutating func feed(_ line: String, number: Int) -> ParseStep {
        let tokens = TextFields.tokens(line)
        guard let first = tokens.first, first.contains(":"), !first.hasSuffix(":") else { return .nothing }
        guard let address = TextFields.address(first) else { return .problem("'\(first.prefix(64))' is not an IPv6 address") }
        if tokens.contains("INCMP") { return .nothing }
        guard tokens.count >= 5 else { return .problem("expected address, age, link-layer address, state and interface") }
        guard let mac = TextFields.mac(tokens[2]) else { return .problem("'\(tokens[2].prefix(64))' is not a MAC address") }
        if TextFields.isGroup(mac) { return .nothing }
        var row = ImportRow(mac: mac, line: number)
        row.address = address
        let interface = String(tokens[4])
        row.interface = interface
        if interface.lowercased().hasPrefix("vlan"), let id = Int(interface.dropFirst(4)) { row.vlan = String(id) }
        return .rows([row])
    }
}
