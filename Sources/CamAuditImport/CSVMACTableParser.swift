/// A MAC table any tool can write: `mac,vlan,port[,switch]`, with or without that header line.
struct CSVMACTableParser: TableParser {
    var switchName: String?

    mutating func feed(_ line: String, number: Int) -> ParseStep {
        if line.isEmpty || line.hasPrefix("#") { return .nothing }
        guard let fields = TextFields.csv(line) else { return .problem("unclosed quote") }
        if fields.first?.lowercased() == "mac" { return .nothing }
        guard fields.count == 3 || fields.count == 4 else { return .problem("expected mac,vlan,port[,switch], found \(fields.count) fields") }
        guard let mac = TextFields.mac(TextFields.trimmed(fields[0])) else { return .problem("'\(fields[0].prefix(64))' is not a MAC address") }
        if TextFields.isGroup(mac) { return .nothing }
        var row = ImportRow(mac: mac, line: number)
        row.vlan = TextFields.nonEmpty(fields[1])
        row.port = TextFields.nonEmpty(fields[2])
        row.switchName = fields.count == 4 ? TextFields.nonEmpty(fields[3]) ?? switchName : switchName
        return .rows([row])
    }
}
