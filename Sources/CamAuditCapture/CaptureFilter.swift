import CPcap

/// BPF filters for live capture: the default keeps only the traffic a decoder of
/// `PassiveAnalyzer` reads, so a busy SPAN port is filtered in the kernel, not in Swift.
public enum CaptureFilter {
    /// UDP ports the analyzer dissects (protocols.md §10.4): WS-Discovery, SADP, DHIP, Dahua
    /// 5050, SSDP, mDNS, DHCP, DHCPv6, DNS and NTP; SNMP agents' answers come from 161 (below).
    static let udpPorts: [UInt16] = [3702, 37020, 37810, 5050, 1900, 5353, 67, 68, 546, 547, 53, 123]

    /// The default filter for a link type. Ethernet gets every clause twice, bare and in
    /// `vlan and (…)` form, because SPAN ports often carry 802.1Q tags and a bare port
    /// filter does not look past the tag. Linux SLL has no VLAN support in libpcap and raw IP
    /// has no EtherType, so those clauses are left out where they cannot compile.
    public static func defaultExpression(linkType: Int32) -> String {
        var clauses = udpPorts.map { "udp port \($0)" }
        // SNMP: agents' answers only (a monitoring system's polls carry nothing of the device).
        clauses.append("udp src port 161")
        // IPv6 neighbour discovery (RFC 4861 §4: Router and Neighbor Solicitations and
        // Advertisements, ICMPv6 types 133 to 136), which carries no extension header, so the
        // ICMPv6 type is the first byte after the 40-byte IPv6 header.
        clauses.append("(icmp6 and ip6[40] >= 133 and ip6[40] <= 136)")
        // Layer-2 SADP (Hikvision) and LLDP; CDP is 802.3 to Cisco's multicast address, which
        // only an Ethernet header has.
        if linkType != LinkType.raw && linkType != LinkType.rawLinktype && linkType != LinkType.rawOpenBSD
            && linkType != LinkType.ipv4 && linkType != LinkType.ipv6 && linkType != LinkType.null && linkType != LinkType.loop {
            clauses.append("ether proto 0x8033")
            clauses.append("ether proto 0x88cc")
        }
        if linkType == LinkType.ethernet { clauses.append("ether dst 01:00:0c:cc:cc:cc") }
        clauses += PassiveAnalyzer.tcpServerPorts.subtracting(PassiveAnalyzer.tlsPorts).sorted().map { "tcp port \($0)" }
        // On TLS ports only SYNs and segments that start a handshake record (first payload byte
        // 22): the ClientHello and the server's first flight, not the encrypted bulk.
        for port in PassiveAnalyzer.tlsPorts.sorted() {
            clauses.append("(tcp port \(port) and (tcp[tcpflags] & tcp-syn != 0 or tcp[((tcp[12:1] & 0xf0) >> 2):1] = 0x16))")
        }
        // Port filters match only the first fragment; later fragments carry no UDP header, and
        // large ProbeMatches and DHIP answers fragment.
        clauses.append("(ip[6:2] & 0x1fff != 0)")
        let bare = clauses.joined(separator: " or ")
        guard linkType == LinkType.ethernet else { return bare }
        return "(\(bare)) or (vlan and (\(bare)))"
    }

    /// libpcap's complaint about `expression` on a link type, or nil when it compiles. Uses a
    /// dead handle, so it needs no interface and no privilege.
    public static func problem(compiling expression: String, linkType: Int32 = LinkType.ethernet, snapshotLength: Int32 = 65_535) -> String? {
        guard let dead = pcap_open_dead(linkType, snapshotLength) else { return "libpcap could not open a handle for link type \(linkType)" }
        defer { pcap_close(dead) }
        var program = bpf_program()
        guard pcap_compile(dead, &program, expression, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            return String(cString: pcap_geterr(dead))
        }
        pcap_freecode(&program)
        return nil
    }
}
