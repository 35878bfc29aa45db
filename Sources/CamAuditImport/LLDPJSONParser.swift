import Foundation

/// `lldpctl -f json`: one JSON document, `lldp.interface` either an object keyed by local
/// interface or (several neighbours) a list of such objects. JSON cannot be read a line at a
/// time, so the document is collected up to `maxBytes` (a switch's neighbour table is a few
/// KiB) and anything larger is refused rather than read without bound.
struct LLDPJSONParser: TableParser {
    static let maxBytes = 16 << 20
    /// lldpctl runs on the switch (or host) whose neighbours it lists and does not name it.
    var switchName: String?
    private var buffer = Data()
    private var tooLarge = false

    init(switchName: String?) {
        self.switchName = switchName
    }

    mutating func feed(_ line: String, number: Int) -> ParseStep {
        guard !tooLarge else { return .nothing }
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count > Self.maxBytes {
            tooLarge = true
            buffer = Data()
            return .problem("lldpctl JSON larger than \(Self.maxBytes >> 20) MiB: not read")
        }
        return .nothing
    }

    mutating func finish() -> ParseStep {
        guard !tooLarge, !buffer.isEmpty else { return .nothing }
        guard let root = try? JSONSerialization.jsonObject(with: buffer) as? [String: Any] else { return .problem("not a JSON object") }
        guard let lldp = root["lldp"] as? [String: Any] else { return .problem("no 'lldp' object") }
        var neighbours: [(String, [String: Any])] = []
        for entry in Self.list(lldp["interface"]) {
            for (name, value) in entry {
                if let neighbour = value as? [String: Any] { neighbours.append((name, neighbour)) }
            }
        }
        var rows: [ImportRow] = []
        for (index, (interface, neighbour)) in neighbours.enumerated() {
            if var row = Self.row(interface: interface, neighbour: neighbour, index: index + 1) {
                row.switchName = switchName
                rows.append(row)
            }
        }
        return .rows(rows)
    }

    /// One neighbour; `line` is its position in the file's neighbour list.
    static func row(interface: String, neighbour: [String: Any], index: Int) -> ImportRow? {
        var chassis = neighbour["chassis"] as? [String: Any] ?? [:]
        var systemName: String?
        if chassis["id"] == nil, chassis.count == 1, let (name, inner) = chassis.first, let object = inner as? [String: Any] {
            systemName = name
            chassis = object
        }
        let port = neighbour["port"] as? [String: Any] ?? [:]
        let chassisID = (chassis["id"] as? [String: Any])?["value"] as? String
        let portID = (port["id"] as? [String: Any])?["value"] as? String
        guard let mac = chassisID.flatMap(TextFields.mac) ?? portID.flatMap(TextFields.mac) else { return nil }
        var row = ImportRow(mac: mac, line: index)
        row.port = interface
        row.systemName = systemName ?? TextFields.nonEmpty(chassis["name"] as? String)
        row.systemDescription = TextFields.nonEmpty(chassis["descr"] as? String)
        if let text = chassis["mgmt-ip"] as? String {
            row.address = TextFields.address(text)
        } else if let addresses = chassis["mgmt-ip"] as? [Any] {
            row.address = addresses.compactMap { ($0 as? String).flatMap(TextFields.address) }.first
        }
        if let vlan = neighbour["vlan"] as? [String: Any] ?? (neighbour["vlan"] as? [[String: Any]])?.first {
            row.vlan = (vlan["vlan-id"] as? String) ?? (vlan["vlan-id"] as? Int).map(String.init)
        }
        if let inventory = (neighbour["lldp-med"] as? [String: Any])?["inventory"] as? [String: Any] {
            row.manufacturer = TextFields.nonEmpty(inventory["manufacturer"] as? String)
            row.model = TextFields.nonEmpty(inventory["model"] as? String)
            row.serial = TextFields.nonEmpty(inventory["serial"] as? String)
            row.firmware = TextFields.nonEmpty(inventory["firmware"] as? String) ?? TextFields.nonEmpty(inventory["software"] as? String)
        }
        return row
    }

    /// An object or a list of objects, as a list.
    static func list(_ value: Any?) -> [[String: Any]] {
        if let object = value as? [String: Any] { return [object] }
        return (value as? [Any])?.compactMap { $0 as? [String: Any] } ?? []
    }
}
