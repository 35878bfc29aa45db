/// Linux `ip neigh` (`ip -4 neigh`, `ip -6 neigh`): `ADDRESS dev IFACE lladdr MAC [router] STATE`;
/// entries in FAILED or INCOMPLETE state have no MAC and are passed over.
struct LinuxNeighbourParser: TableParser {
    mutating func feed(_ line: String, number: Int) -> ParseStep {
        let tokens = TextFields.tokens(line)
        if tokens.isEmpty { return .nothing }
        guard let address = TextFields.address(tokens[0]) else { return .problem("'\(tokens[0].prefix(64))' is not an IP address") }
        guard let lladdr = tokens.firstIndex(of: "lladdr") else { return .nothing }
        guard lladdr + 1 < tokens.count, let mac = TextFields.mac(tokens[lladdr + 1]) else { return .problem("lladdr without a MAC address") }
        if TextFields.isGroup(mac) { return .nothing }
        var row = ImportRow(mac: mac, line: number)
        row.address = address
        if let dev = tokens.firstIndex(of: "dev"), dev + 1 < tokens.count { row.interface = String(tokens[dev + 1]) }
        return .rows([row])
    }
}
