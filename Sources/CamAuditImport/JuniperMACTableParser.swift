/// Juniper `show ethernet-switching table`. Junos with ELS: `VLAN-NAME MAC FLAGS AGE IFL [NH RTR]`;
/// older EX releases: `VLAN MAC TYPE AGE INTERFACES`. Both put the VLAN first, the MAC second
/// and the interface fifth; the flood entry (`*`) is not a device.
struct JuniperMACTableParser: TableParser {
    var switchName: String?

    mutating func feed(_ line: String, number: Int) -> ParseStep {
        if TextFields.adoptPrompt(line, as: &switchName) { return .nothing }
        let tokens = TextFields.tokens(line)
        guard tokens.count >= 2 else { return .nothing }
        if tokens[1] == "*" { return .nothing }
        guard ArubaMACTableParser.looksLikeMAC(tokens[1]) else { return .nothing }
        guard let mac = TextFields.mac(tokens[1]) else { return .problem("'\(tokens[1].prefix(64))' is not a MAC address") }
        guard tokens.count >= 5 else { return .problem("expected VLAN, MAC address, flags, age and interface") }
        if TextFields.isGroup(mac) { return .nothing }
        var row = ImportRow(mac: mac, line: number)
        row.switchName = switchName
        row.vlan = String(tokens[0])
        row.port = String(tokens[4])
        return .rows([row])
    }
}
