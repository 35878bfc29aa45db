import CamAuditModel
import Foundation

/// Purchase records (CSV from a finance or asset system) matched to inventory devices by MAC,
/// serial or asset tag. A row that matches no device, or more than one, is listed and not
/// applied; a line that cannot be read is reported as FILE:LINE and the rest are kept. Input
/// is hostile: size, line count and field length are bounded, nothing is evaluated.
public struct PurchaseImport: Sendable {
    public static let maximumBytes = 8 << 20
    public static let maximumRows = 100_000

    /// Facts to record, one group per matched row.
    public var facts: [DistrictFact] = []
    public var applied: [(line: Int, device: Int64)] = []
    public var unmatched: [(line: Int, key: String)] = []
    public var ambiguous: [(line: Int, key: String, devices: [Int64])] = []
    /// `FILE:LINE: problem`.
    public var problems: [String] = []

    static let keyColumns = ["mac", "serial", "asset-tag"]
    static let factColumns: [String: FactName] = ["acquired": .acquired, "funding": .funding, "contract": .contract, "note": .note]
    static let aliases = ["asset_tag": "asset-tag", "asset tag": "asset-tag", "tag": "asset-tag", "purchase_date": "acquired",
                          "purchased": "acquired", "date": "acquired", "serial_number": "serial", "mac_address": "mac"]

    /// `devices` from the inventory; `facts` as stored (asset tags are facts the district entered).
    public init(text: String, file: String, devices: [InventoryRow], facts existing: [DistrictFact], by person: String, at time: Date) {
        guard text.utf8.count <= Self.maximumBytes else {
            problems.append("\(file):1: file is larger than \(Self.maximumBytes >> 20) MiB; split it")
            return
        }
        var byMAC: [String: Set<Int64>] = [:], bySerial: [String: Set<Int64>] = [:], byTag: [String: Set<Int64>] = [:]
        for row in devices {
            if let mac = row.mac.flatMap(MACText.normalized) { byMAC[mac, default: []].insert(row.deviceID) }
            if let serial = row.serial, !serial.isEmpty { bySerial[serial.uppercased(), default: []].insert(row.deviceID) }
        }
        var latestTag: [Int64: String] = [:]
        for fact in existing where fact.name == .assetTag {
            if case .device(let id) = fact.subject { latestTag[id] = fact.value }
        }
        for (id, tag) in latestTag { byTag[tag.uppercased(), default: []].insert(id) }

        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let headerLine = lines.first.map({ String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\r\u{FEFF}")) }),
              case .success(let header) = CSVRecord.split(headerLine) else {
            problems.append("\(file):1: no header line (expected columns such as mac,serial,asset_tag,acquired,funding,contract,note)")
            return
        }
        let columns = header.map { name -> String in
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            return Self.aliases[key] ?? key
        }
        guard columns.contains(where: Self.keyColumns.contains) else {
            problems.append("\(file):1: the header names none of mac, serial, asset_tag: rows cannot be matched to devices")
            return
        }
        for column in columns where !Self.keyColumns.contains(column) && Self.factColumns[column] == nil && !column.isEmpty {
            problems.append("\(file):1: column '\(column.prefix(40))' is not used")
        }
        for (offset, raw) in lines.dropFirst().enumerated() {
            let number = offset + 2
            guard number <= Self.maximumRows + 1 else {
                problems.append("\(file):\(number): more than \(Self.maximumRows) rows; the rest were not read")
                break
            }
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let cells: [String]
            switch CSVRecord.split(line) {
            case .success(let value): cells = value
            case .failure(let problem):
                problems.append("\(file):\(number): \(problem)")
                continue
            }
            guard cells.count == columns.count else {
                problems.append("\(file):\(number): \(cells.count) fields where the header has \(columns.count)")
                continue
            }
            var row: [String: String] = [:]
            for (column, cell) in zip(columns, cells) {
                let value = cell.trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { row[column] = value }
            }
            var values: [(FactName, String)] = []
            var bad: String?
            for (column, name) in Self.factColumns.sorted(by: { $0.key < $1.key }) {
                guard let raw = row[column] else { continue }
                switch FactValidation.normalise(name, raw) {
                case .success(let value): values.append((name, value))
                case .failure(let problem): bad = bad ?? problem.description
                }
            }
            if let bad {
                problems.append("\(file):\(number): \(bad)")
                continue
            }
            guard !values.isEmpty else {
                problems.append("\(file):\(number): no acquired, funding, contract or note to record")
                continue
            }
            var matches: Set<Int64> = []
            var keys: [String] = []
            if let mac = row["mac"] {
                guard let normal = MACText.normalized(mac) else {
                    problems.append("\(file):\(number): mac '\(mac.prefix(40))' is not a MAC address")
                    continue
                }
                matches.formUnion(byMAC[normal] ?? [])
                keys.append("mac \(normal)")
            }
            if let serial = row["serial"] {
                matches.formUnion(bySerial[serial.uppercased()] ?? [])
                keys.append("serial \(serial.prefix(64))")
            }
            if let tag = row["asset-tag"] {
                matches.formUnion(byTag[tag.uppercased()] ?? [])
                keys.append("asset tag \(tag.prefix(64))")
            }
            guard !keys.isEmpty else {
                problems.append("\(file):\(number): no mac, serial or asset tag to match a device by")
                continue
            }
            let key = keys.joined(separator: ", ")
            switch matches.count {
            case 0: unmatched.append((number, key))
            case 1:
                let device = matches.first!
                applied.append((number, device))
                for (name, value) in values {
                    facts.append(DistrictFact(subject: .device(device), name: name, value: value, enteredBy: person, enteredAt: time, origin: "\(file):\(number)"))
                }
            default: ambiguous.append((number, key, matches.sorted()))
            }
        }
    }
}

/// One CSV record on one line, RFC 4180 quoting; a field may not hold a line break.
enum CSVRecord {
    static let maximumFields = 64
    static let maximumFieldBytes = 1_000

    static func split(_ line: String) -> Result<[String], FactError> {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var afterQuote = false
        var iterator = line.makeIterator()
        var pending: Character?
        while let ch = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if ch == "\"" {
                    let next = iterator.next()
                    if next == "\"" { current.append("\"") } else {
                        quoted = false
                        afterQuote = true
                        pending = next
                    }
                } else {
                    current.append(ch)
                }
            } else if ch == "," {
                fields.append(current)
                current = ""
                afterQuote = false
                if fields.count >= maximumFields { return .failure(FactError("more than \(maximumFields) fields")) }
            } else if ch == "\"" && current.isEmpty && !afterQuote {
                quoted = true
            } else if afterQuote {
                return .failure(FactError("text after a closing quote"))
            } else {
                current.append(ch)
            }
            if current.utf8.count > maximumFieldBytes { return .failure(FactError("a field longer than \(maximumFieldBytes) bytes")) }
        }
        if quoted { return .failure(FactError("unterminated quote (a field may not span lines)")) }
        fields.append(current)
        return .success(fields)
    }
}
