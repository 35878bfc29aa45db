/// What kind of table a file holds (the word after `camaudit import`).
public enum ImportKind: String, Sendable, CaseIterable {
    case dhcp
    case macTable = "mac-table"
    case arp
    case lldp

    /// The formats of this kind, in the order detection tries them.
    public var formats: [ImportFormat] {
        ImportFormat.allCases.filter { $0.kind == self }
    }
}

/// A file format `camaudit import` reads; `--format` takes the raw value.
public enum ImportFormat: String, Sendable, CaseIterable {
    case iscDhcpd = "isc-dhcpd"
    case kea
    case dnsmasq
    case windowsDHCP = "windows-dhcp"
    case ciscoMACTable = "cisco"
    case arubaMACTable = "aruba"
    case juniperMACTable = "juniper"
    case csvMACTable = "csv"
    case linuxNeighbours = "ip-neigh"
    case ciscoARP = "cisco-arp"
    case ciscoIPv6Neighbours = "cisco-ipv6-neigh"
    case windowsARP = "windows-arp"
    case lldpctlJSON = "lldpctl-json"
    case ciscoLLDP = "cisco-lldp"

    public var kind: ImportKind {
        switch self {
        case .iscDhcpd, .kea, .dnsmasq, .windowsDHCP: .dhcp
        case .ciscoMACTable, .arubaMACTable, .juniperMACTable, .csvMACTable: .macTable
        case .linuxNeighbours, .ciscoARP, .ciscoIPv6Neighbours, .windowsARP: .arp
        case .lldpctlJSON, .ciscoLLDP: .lldp
        }
    }

    /// What produces the format, for help text and errors.
    public var summary: String {
        switch self {
        case .iscDhcpd: "ISC dhcpd dhcpd.leases"
        case .kea: "Kea memfile lease CSV (kea-leases4.csv)"
        case .dnsmasq: "dnsmasq.leases"
        case .windowsDHCP: "Windows Server: Get-DhcpServerv4Lease | Export-Csv"
        case .ciscoMACTable: "Cisco IOS/NX-OS: show mac address-table"
        case .arubaMACTable: "Aruba/HPE: show mac-address (ArubaOS-Switch) or show mac-address-table (AOS-CX)"
        case .juniperMACTable: "Juniper: show ethernet-switching table"
        case .csvMACTable: "CSV: mac,vlan,port[,switch]"
        case .linuxNeighbours: "Linux: ip neigh"
        case .ciscoARP: "Cisco: show ip arp"
        case .ciscoIPv6Neighbours: "Cisco: show ipv6 neighbors"
        case .windowsARP: "Windows: arp -a"
        case .lldpctlJSON: "lldpd: lldpctl -f json"
        case .ciscoLLDP: "Cisco: show lldp neighbors detail"
        }
    }

    /// The parser for this format; `switchName` names the switch when the file does not.
    func parser(switchName: String?) -> any TableParser {
        switch self {
        case .iscDhcpd: ISCLeaseParser()
        case .kea: KeaLeaseParser()
        case .dnsmasq: DnsmasqLeaseParser()
        case .windowsDHCP: WindowsDHCPParser()
        case .ciscoMACTable: CiscoMACTableParser(switchName: switchName)
        case .arubaMACTable: ArubaMACTableParser(switchName: switchName)
        case .juniperMACTable: JuniperMACTableParser(switchName: switchName)
        case .csvMACTable: CSVMACTableParser(switchName: switchName)
        case .linuxNeighbours: LinuxNeighbourParser()
        case .ciscoARP: CiscoARPParser()
        case .ciscoIPv6Neighbours: CiscoIPv6NeighbourParser()
        case .windowsARP: WindowsARPParser()
        case .lldpctlJSON: LLDPJSONParser(switchName: switchName)
        case .ciscoLLDP: CiscoLLDPParser(switchName: switchName)
        }
    }
}
