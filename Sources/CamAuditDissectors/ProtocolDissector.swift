import CamAuditModel

/// The entry point shared by `classify`, the active probes and passive capture: a protocol
/// name and the bytes of one exchange in, observations out.
public enum ProtocolDissector {
    /// Protocol names accepted by `camaudit classify`, with the aliases the corpus uses.
    public static let protocols: [String] = [
        "http", "http-body", "www-authenticate", "isapi-deviceinfo", "dahua-cgi-systeminfo", "dahua-rpc2-login", "rtsp",
        "onvif-probematch", "onvif-hello", "onvif-getdeviceinformation", "onvif-soap", "sadp", "dhip",
        "dahua-37777", "dahua-5050", "hikvision-8000", "tls", "tls-cert", "tls-handshake", "tls-client-hello", "http-request", "lldp", "cdp", "ssdp", "upnp-xml", "dhcp",
        "dhcp-vendor-class", "dhcp-hostname", "dns", "dns-query", "mac-oui", "mac", "snmp", "snmp-sysdescr", "snmp-sysobjectid",
        "telnet", "ftp", "ndp", "dhcpv6", "mdns",
    ]

    public static func dissect(protocol name: String, payload: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        switch name {
        case "http", "isapi-deviceinfo", "dahua-cgi-systeminfo", "dahua-rpc2-login":
            return try HTTPDissector.observations(payload, source: source)
        case "http-body":
            return try HTTPDissector.bodyOnlyObservations(payload, source: source)
        case "www-authenticate":
            return try HTTPDissector.authenticateObservations(payload, source: source)
        case "rtsp":
            return try RTSPDissector.observations(payload, source: source)
        case "onvif-probematch", "onvif-hello", "onvif-getdeviceinformation", "onvif-soap":
            return try ONVIFDissector.observations(payload, source: source)
        case "sadp":
            return try SADPDissector.observations(payload, source: source)
        case "dhip":
            return try DHIPDissector.observations(payload, source: source)
        case "dahua-37777":
            return try DVRIPDissector.observations(payload, source: source)
        case "dahua-5050":
            return try DVRIPDissector.legacyDiscovery(payload, source: source)
        case "hikvision-8000":
            return try HikSDKDissector.observations(payload, source: source)
        case "tls", "tls-cert":
            return try TLSCertificateDissector.observations(payload, source: source)
        case "tls-handshake":
            return try TLSHandshakeDissector.serverFlight(payload, source: source)
        case "tls-client-hello":
            return try TLSHandshakeDissector.clientHello(payload, source: source)
        case "http-request":
            return try HTTPRequestDissector.observations(payload, source: source)
        case "lldp":
            return try LLDPDissector.lldp(payload, source: source)
        case "cdp":
            return try LLDPDissector.cdp(payload, source: source)
        case "ssdp":
            return try SSDPDissector.observations(payload, source: source)
        case "upnp-xml":
            return try SSDPDissector.description(payload, source: source)
        case "dhcp":
            return try DHCPDissector.observations(payload, source: source)
        case "dhcpv6":
            return try DHCPv6Dissector.observations(payload, source: source)
        case "ndp":
            return try NDPDissector.observations(payload, source: source)
        case "mdns":
            return try MDNSDissector.observations(payload, source: source)
        case "dns":
            if let text = printable(payload) { return try single(ObservationField.dnsQuery, text.lowercased(), source) }
            return try DNSDissector.observations(payload, source: source)
        case "dns-query":
            return try single(ObservationField.dnsQuery, Bytes.text(payload).lowercased(), source)
        case "dhcp-vendor-class":
            return try BannerDissector.observations(payload, field: ObservationField.dhcpVendorClass, source: source)
        case "dhcp-hostname":
            return try BannerDissector.observations(payload, field: ObservationField.dhcpHostname, source: source)
        case "mac-oui", "mac":
            return try single(ObservationField.macAddress, Bytes.text(payload), source)
        case "snmp-sysdescr":
            return try BannerDissector.observations(payload, field: ObservationField.snmpSysDescr, source: source)
        case "snmp":
            return try SNMPDissector.observations(payload, source: source)
        case "snmp-sysobjectid":
            return try BannerDissector.observations(payload, field: ObservationField.snmpSysObjectID, source: source)
        case "telnet":
            return try BannerDissector.observations(payload, field: ObservationField.telnetBanner, source: source)
        case "ftp":
            return try BannerDissector.observations(payload, field: ObservationField.ftpBanner, source: source)
        default:
            throw DissectError("unknown protocol '\(name)'; known: \(protocols.joined(separator: ", "))")
        }
    }

    /// Hex payloads (`"encoding": "hex"`) are decoded by the caller; this helper is for them.
    public static func bytes(fromHex text: String) -> [UInt8]? { Bytes.fromHex(text) }

    private static func single(_ field: String, _ value: String, _ source: EvidenceSource) throws(DissectError) -> [Observation] {
        let trimmed = Bytes.trimmed(value.split(whereSeparator: \.isNewline).first.map(String.init) ?? "")
        guard !trimmed.isEmpty else { throw DissectError("empty \(field) value") }
        return [Observation(field: field, value: String(trimmed.prefix(1024)), source: source)]
    }

    private static func printable(_ bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty, bytes.count < 512, bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F || $0 == 0x0A }) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
