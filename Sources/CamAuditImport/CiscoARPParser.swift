/// Cisco `show ip arp`: `Internet ADDRESS AGE MAC ARPA INTERFACE`; `Incomplete` entries have
/// no MAC. A `VlanN` interface gives the VLAN.
struct CiscoARPParser: TableParser {
    mutating func feed(_ line: String, number: Int) -> ParseStep {
        let tokens = TextFields.tokens(line)
        guard tokens.first == "Internet" else { return .nothing }
        guard tokens.count >= 5 else { return .problem("expected protocol, address, age, MAC address, type and interface") }
        guard let address = TextFields.address(tokens[1]) else { return .problem("'\(tokens[1].prefix(64))' is not an IP address") }
        if tokens[3] == "Incomplete" { return .nothing }
        guard let mac = TextFields.mac(tokens[3]) else { return .problem("'\(tokens[3].prefix(64))' is not a MAC address") }
        if TextFields.isGroup(mac) { return .nothing }
        var row = ImportRow(mac: mac, line: number)
        row.address = address
        if tokens.count >= 6 {
            let interface = String(tokens[5])
            row.interface = interface
            if interface.lowercased().hasPrefix("vlan"), let id = Int(interface.dropFirst(4)) { row.vlan = String(id) }
        }
        return .rows([row])
    }
}
