/// Cisco `show lldp neighbors detail`: one block of `Key: value` lines per neighbour, blocks
/// separated by a line of dashes. The neighbour's MAC is its chassis id (or its port id, which
/// many cameras set to their MAC); the system description runs on the lines after its key.
struct CiscoLLDPParser: TableParser {
    var switchName: String?
    private var block: [String: String] = [:]
    private var blockLine = 0
    private var continuing: String?
    /// A block holds at most this many keys and values this long: a hostile file of endless
    /// `key: value` or description lines costs no more than a real neighbour.
    static let maxKeys = 64
    static let maxValue = 2_048

    init(switchName: String?) {
        self.switchName = switchName
    }

    mutating func feed(_ line: String, number: Int) -> ParseStep {
        if TextFields.adoptPrompt(line, as: &switchName) { return .nothing }
        let text = TextFields.trimmed(line)
        if text.hasPrefix("---") || text.hasPrefix("Total entries displayed") { return flush() }
        if text.isEmpty {
            continuing = nil
            return .nothing
        }
        if text.hasPrefix("Local Intf:") || text.hasPrefix("Local Interface:") {
            let step = flush()
            blockLine = number
            block["Local Intf"] = Self.value(text)
            return step
        }
        if let colon = text.firstIndex(of: ":"), !text.hasPrefix("http") {
            let key = String(text[..<colon])
            let value = Self.value(text)
            if key == "IP" || key == "IPV6" {
                if block["IP"] == nil { block["IP"] = value }
            } else if key.count <= 40, block.count < Self.maxKeys || block[key] != nil {
                if block.isEmpty { blockLine = number }
                block[key] = String(value.prefix(Self.maxValue))
            }
            continuing = key == "System Description" && value.isEmpty ? key : nil
            return .nothing
        }
        if let key = continuing, (block[key]?.utf8.count ?? 0) < Self.maxValue {
            block[key] = String((block[key].map { $0.isEmpty ? text : $0 + " " + text } ?? text).prefix(Self.maxValue))
        }
        return .nothing
    }

    mutating func finish() -> ParseStep { flush() }

    private mutating func flush() -> ParseStep {
        defer { block = [:]; continuing = nil }
        guard !block.isEmpty else { return .nothing }
        guard let chassis = block["Chassis id"] else { return .problem("neighbour block of line \(blockLine) has no 'Chassis id'") }
        guard let mac = TextFields.mac(chassis) ?? block["Port id"].flatMap(TextFields.mac) else { return .nothing }
        var row = ImportRow(mac: mac, line: blockLine)
        row.switchName = switchName
        row.port = TextFields.nonEmpty(block["Local Intf"])
        row.vlan = block["Vlan ID"].flatMap { Int($0) != nil ? $0 : nil }  // "- not advertised" is no VLAN
        row.address = block["IP"].flatMap(TextFields.address)
        row.systemName = TextFields.nonEmpty(block["System Name"])
        row.systemDescription = TextFields.nonEmpty(block["System Description"])
        row.manufacturer = TextFields.nonEmpty(block["Manufacturer"])
        row.model = TextFields.nonEmpty(block["Model"])
        row.serial = TextFields.nonEmpty(block["Serial number"])
        row.firmware = TextFields.nonEmpty(block["F/W revision"]) ?? TextFields.nonEmpty(block["S/W revision"])
        return .rows([row])
    }

    private static func value(_ text: String) -> String {
        guard let colon = text.firstIndex(of: ":") else { return "" }
        return TextFields.trimmed(text[text.index(after: colon)...])
    }
}
