import Foundation

/// dnsmasq's lease file: `EXPIRY MAC ADDRESS HOSTNAME CLIENT-ID` a line (`*` for none); DHCPv6
/// leases (`EXPIRY IAID ADDRESS HOSTNAME DUID`) and the `duid` line carry no MAC and are passed over.
struct DnsmasqLeaseParser: TableParser {
    mutating func feed(_ line: String, number: Int) -> ParseStep {
        let fields = TextFields.tokens(line)
        if fields.isEmpty { return .nothing }
        if fields[0] == "duid" { return .nothing }
        guard fields.count == 5, let expiry = Double(fields[0]) else { return .problem("expected five fields: expiry MAC address hostname client-id") }
        guard let address = TextFields.address(fields[2]) else { return .problem("'\(fields[2].prefix(64))' is not an IP address") }
        if address.contains(":") { return .nothing }  // DHCPv6: an IAID where the MAC would be
        // An ARP hardware type other than Ethernet is written as "TT-…": not a MAC.
        guard let mac = TextFields.mac(fields[1]) else {
            return fields[1].contains("-") && fields[1].split(separator: "-").first?.count == 2 && fields[1].contains(":")
                ? .nothing : .problem("'\(fields[1].prefix(64))' is not a MAC address")
        }
        var row = ImportRow(mac: mac, line: number)
        row.address = address
        row.hostname = fields[3] == "*" ? nil : String(fields[3])
        // 0 means an infinite lease: no time to give.
        row.time = expiry > 0 ? Date(timeIntervalSince1970: expiry) : nil
        return .rows([row])
    }
}
