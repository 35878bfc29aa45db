/// Windows `arp -a`: an `Interface: ADDRESS --- 0xN` line, a header, then `ADDRESS MAC TYPE`
/// rows with the MAC as `aa-bb-cc-dd-ee-ff`. Broadcast and multicast rows are passed over.
struct WindowsARPParser: TableParser {
    private var interface: String?

    mutating func feed(_ line: String, number: Int) -> ParseStep {
        let tokens = TextFields.tokens(line)
        if tokens.isEmpty { return .nothing }
        if tokens[0] == "Interface:" {
            interface = tokens.count > 1 ? String(tokens[1]) : nil
            return .nothing
        }
        guard tokens[0].first?.isNumber == true, tokens[0].contains(".") else { return .nothing }
        guard let address = TextFields.address(tokens[0]) else { return .problem("'\(tokens[0].prefix(64))' is not an IP address") }
        guard tokens.count >= 3 else { return .problem("expected address, MAC address and type") }
        guard let mac = TextFields.mac(tokens[1]) else { return .problem("'\(tokens[1].prefix(64))' is not a MAC address") }
        if TextFields.isGroup(mac) { return .nothing }
        var row = ImportRow(mac: mac, line: number)
        row.address = address
        row.interface = interface
        return .rows([row])
    }
}
