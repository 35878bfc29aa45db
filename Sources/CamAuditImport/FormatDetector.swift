/// Tells a file's format from its first lines, among the formats of the kind asked for. Each
/// test looks for what only that format writes (a header, a keyword, a row shape), so a file
/// of another kind is not taken for this one.
enum FormatDetector {
    /// Lines looked at before giving up.
    static let sampleLines = 200

    static func detect(_ lines: [String], kind: ImportKind) -> ImportFormat? {
        // Each line trimmed, split and lowered once, not once per format tried.
        let sample = lines.map(SampleLine.init)
        return kind.formats.first { format in sample.contains { line in matches(line, format) } }
    }

    static func matches(_ line: String, _ format: ImportFormat) -> Bool {
        matches(SampleLine(line), format)
    }

    /// What the tests read of a line.
    struct SampleLine {
        let text: String
        let tokens: [Substring]
        let lower: String

        init(_ line: String) {
            text = TextFields.trimmed(line)
            tokens = TextFields.tokens(text)
            lower = text.lowercased()
        }
    }

    private static func matches(_ line: SampleLine, _ format: ImportFormat) -> Bool {
        let (text, tokens, lower) = (line.text, line.tokens, line.lower)
        switch format {
        case .iscDhcpd:
            return (text.hasPrefix("lease ") && text.hasSuffix("{")) || text.contains("dhcpd.leases(5)")
        case .kea:
            return text.hasPrefix("address,hwaddr,")
        case .dnsmasq:
            return tokens.count == 5 && Int(tokens[0]) != nil && TextFields.mac(tokens[1]) != nil && TextFields.address(tokens[2]) != nil
        case .windowsDHCP:
            return text.hasPrefix("#TYPE") && text.contains("DhcpServerv4Lease") || (text.contains("\"IPAddress\"") && text.contains("\"ClientId\""))
        case .ciscoMACTable:
            return lower.hasPrefix("vlan") && lower.contains("mac address") && lower.contains("type") && lower.contains("port")
                || text.contains("show mac address-table") || text == "Mac Address Table"
        case .arubaMACTable:
            return text.contains("Port Address Table") || (lower.hasPrefix("mac address") && lower.contains("port") && lower.contains("vlan"))
                || text.contains("show mac-address")
        case .juniperMACTable:
            return lower.contains("ethernet switching table") || lower.contains("ethernet-switching table")
                || lower.hasPrefix("vlan") && lower.contains("mac") && (lower.contains("logical") || lower.hasSuffix("interfaces"))
        case .csvMACTable:
            guard let fields = TextFields.csv(text), fields.count == 3 || fields.count == 4 else { return false }
            return fields[0].lowercased() == "mac" && fields[1].lowercased() == "vlan" || TextFields.mac(fields[0]) != nil
        case .linuxNeighbours:
            return tokens.count >= 4 && TextFields.address(tokens[0]) != nil && tokens[1] == "dev"
        case .ciscoARP:
            return text.hasPrefix("Protocol") && text.contains("Hardware Addr") || (tokens.first == "Internet" && tokens.count >= 5 && TextFields.address(tokens[1]) != nil)
        case .ciscoIPv6Neighbours:
            return text.hasPrefix("IPv6 Address") && text.contains("Link-layer Addr")
        case .windowsARP:
            return text.hasPrefix("Interface:") && text.contains("---") || text.hasPrefix("Internet Address") && text.contains("Physical Address")
        case .lldpctlJSON:
            return text.hasPrefix("\"lldp\"") || text.hasPrefix("{\"lldp\"") || text.hasPrefix("{ \"lldp\"")
        case .ciscoLLDP:
            return text.hasPrefix("Chassis id:") || text.hasPrefix("Local Intf:")
        }
    }
}
