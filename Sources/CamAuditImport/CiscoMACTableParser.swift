/// Cisco `show mac address-table`. IOS: `VLAN MAC TYPE PORTS`; NX-OS adds a flag column in
/// front (`*`, `+`, `G`, …) and `AGE SECURE NTFY` before the port. A line is a row when it
/// starts with a VLAN number (after the flag); legends, headers and totals are passed over.
struct CiscoMACTableParser: TableParser {
    var switchName: String?

    mutating func feed(_ line: String, number: Int) -> ParseStep {
        if TextFields.adoptPrompt(line, as: &switchName) { return .nothing }
        var tokens = TextFields.tokens(line)
        if let first = tokens.first, first.count <= 2, first.allSatisfy({ "*+GCROE~".contains($0) }) { tokens.removeFirst() }
        guard let vlanToken = tokens.first, vlanToken.allSatisfy(\.isNumber) || vlanToken == "All" else { return .nothing }
        guard tokens.count >= 4 else { return .problem("expected VLAN, MAC address, type and port") }
        guard let mac = TextFields.mac(tokens[1]) else { return .problem("'\(tokens[1].prefix(64))' is not a MAC address") }
        if TextFields.isGroup(mac) || vlanToken == "All" { return .nothing }
        let rest = tokens[3...]
        // NX-OS: AGE SECURE NTFY PORT…, with SECURE and NTFY one of T/F.
        let isNXOS = rest.count >= 4 && ["T", "F"].contains(rest[rest.startIndex + 1]) && ["T", "F"].contains(rest[rest.startIndex + 2])
        let port = (isNXOS ? rest.dropFirst(3) : rest).joined(separator: " ")
        if port.uppercased() == "CPU" { return .nothing }
        var row = ImportRow(mac: mac, line: number)
        row.switchName = switchName
        row.vlan = String(vlanToken)
        row.port = port
        return .rows([row])
    }
}
