import CamAuditModel

/// How fast and how widely a scan probes. The defaults are what a school network can live with
/// (README, "Rates"); every one is a `camaudit scan` flag.
public struct ScanSettings: Sendable {
    /// The camera ports of protocols.md §0 and §9.6: web (80, 443, 8080, 8443, 8899 where OEM
    /// ONVIF services sit), RTSP (554), Hikvision SDK (8000), Dahua DVRIP (37777), the
    /// XiongMai-style DVR port 34567 (reported open; nothing is sent to it); plus 8554 (alternate
    /// RTSP) and 8100 (an ONVIF service port in the corpus), which `listen`'s filter also watches.
    public static let defaultPorts: [UInt16] = [80, 443, 554, 8000, 8080, 8443, 8899, 37777, 34567, 8554, 8100]

    /// Packets and connection attempts per second, whole scan.
    public var globalRate: Double = 300
    /// Packets and connection attempts per second to any one host.
    public var hostRate: Double = 20
    /// ARP requests (new on-link addresses) per second: switches' Dynamic ARP Inspection
    /// default limit is 15 per second per port.
    public var arpRate: Double = 15
    /// ARP requests to an address before it counts as absent: one lost request or reply
    /// (a busy segment, a full send queue) must not lose a device, so a silent address is
    /// asked once more, as nmap retransmits; each request is paced by `arpRate`.
    public var arpAttempts = 2
    /// Connect and read time-out, seconds; also how long discovery answers are awaited.
    public var timeout: Double = 1.5
    /// Hosts probed at the same time.
    public var concurrency = 64
    public var ports: [UInt16] = ScanSettings.defaultPorts
    /// Send the discovery probes to the link-local multicast groups and the limited broadcast
    /// too (off by default: they reach every host on the segment, not only the scope).
    public var multicast = false
    /// Unicast UDP discovery (WS-Discovery, SADP, DHIP, Dahua 5050, SSDP) to each address.
    public var udpDiscovery = true
    /// ARP sweep with libpcap on directly attached subnets when privileged.
    public var arp = true

    /// Ports spoken to with HTTPS; any other port not listed below gets plain `GET /`.
    public var tlsPorts: Set<UInt16> = [443, 8443]

    public init() {}

    /// Ports by what the scanner speaks on them.
    static let rtspPorts: Set<UInt16> = [554, 8554]
    static let hikvisionSDKPort: UInt16 = 8000
    static let dahuaDVRIPPort: UInt16 = 37777
    /// Ports where sending anything beyond the connection would be a login: connect only.
    static let connectOnlyPorts: Set<UInt16> = [34567]

    /// The settings as the inventory records them with the scan.
    public var json: JSONValue {
        .object([
            ("command", .string("scan")),
            ("rate", .number(globalRate)),
            ("host_rate", .number(hostRate)),
            ("arp_rate", .number(arpRate)),
            ("arp_attempts", .int(arpAttempts)),
            ("timeout_ms", .int(Int(timeout * 1000))),
            ("concurrency", .int(concurrency)),
            ("ports", .array(ports.map { .int(Int($0)) })),
            ("multicast", .bool(multicast)),
            ("udp_discovery", .bool(udpDiscovery)),
            ("arp", .bool(arp)),
        ])
    }
}
