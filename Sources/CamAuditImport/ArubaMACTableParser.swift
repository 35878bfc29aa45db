/// Aruba/HPE. ArubaOS-Switch `show mac-address`: `MAC PORT VLAN` rows (`001560-f2d1a0  A1  1`)
/// under "Status and Counters - Port Address Table". AOS-CX `show mac-address-table`:
/// `MAC VLAN TYPE PORT` rows. The header line says which; a row whose first token looks like
/// a MAC is a row.
struct ArubaMACTableParser: TableParser {
    var switchName: String?
    /// True once a header names Port before VLAN (ArubaOS-Switch).
    private var portBeforeVLAN = false

    init(switchName: String?) {
        self.switchName = switchName
    }

    mutating func feed(_ line: String, number: Int) -> ParseStep {
        if TextFields.adoptPrompt(line, as: &switchName) { return .nothing }
        let lower = line.lowercased()
        if lower.contains("mac address"), let port = lower.range(of: "port"), let vlan = lower.range(of: "vlan") {
            portBeforeVLAN = port.lowerBound < vlan.lowerBound
            return .nothing
        }
        let tokens = TextFields.tokens(line)
        guard let first = tokens.first, Self.looksLikeMAC(first) else { return .nothing }
        guard let mac = TextFields.mac(first) else { return .problem("'\(first.prefix(64))' is not a MAC address") }
        if TextFields.isGroup(mac) { return .nothing }
        var row = ImportRow(mac: mac, line: number)
        row.switchName = switchName
        if portBeforeVLAN {
            guard tokens.count >= 3 else { return .problem("expected MAC address, port and VLAN") }
            row.port = String(tokens[1])
            row.vlan = String(tokens[2])
        } else {
            guard tokens.count >= 4 else { return .problem("expected MAC address, VLAN, type and port") }
            row.vlan = String(tokens[1])
            row.port = tokens[3...].joined(separator: " ")
        }
        return .rows([row])
    }

    /// Meant as a MAC, valid or not: 12 to 17 characters of letters, digits and MAC separators,
    /// mostly hex. Port names (`Gi1/0/14`, `1/1/2`) and dashed rules are not.
    static func looksLikeMAC(_ token: Substring) -> Bool {
        (12...17).contains(token.count) && token.allSatisfy { $0.isLetter || $0.isNumber || ":-.".contains($0) }
            && token.filter(\.isHexDigit).count >= 8
    }
}
