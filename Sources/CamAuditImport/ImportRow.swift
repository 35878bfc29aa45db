import Foundation

/// One row of a district's table (a lease, a MAC-table entry, a neighbour), reduced to the
/// facts camaudit keeps: who (MAC), where (address, switch, port, VLAN), what it calls itself,
/// and when.
public struct ImportRow: Sendable, Equatable {
    /// Lowercase, colon-separated.
    public var mac: String
    public var address: String?
    public var hostname: String?
    /// DHCP option 60, where the server kept it.
    public var vendorClass: String?
    /// The switch that learnt the MAC, as the file names it (a prompt, a column, `--switch`).
    public var switchName: String?
    public var port: String?
    public var vlan: String?
    /// The router or host interface an ARP/neighbour entry was learnt on.
    public var interface: String?
    public var time: Date?
    /// LLDP: what the neighbour says of itself.
    public var systemName: String?
    public var systemDescription: String?
    public var manufacturer: String?
    public var model: String?
    public var serial: String?
    public var firmware: String?
    /// Line of the file the row ends on (for a multi-line lease or neighbour block, its first line).
    public var line: Int

    public init(mac: String, line: Int) {
        self.mac = mac
        self.line = line
    }

    /// Where the facts were learnt, in the words a network engineer uses:
    /// "switch core-1 port Gi1/0/14 VLAN 30".
    public var location: String? {
        var parts: [String] = []
        if let switchName { parts.append("switch \(switchName)") }
        if let port { parts.append("port \(port)") }
        if let interface { parts.append("interface \(interface)") }
        if let vlan { parts.append("VLAN \(vlan)") }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}
