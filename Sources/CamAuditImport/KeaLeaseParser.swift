import Foundation

/// Kea's memfile lease file (`kea-leases4.csv`): a header naming the columns (`address,hwaddr,
/// client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,…`), then one
/// lease a line, appended on every change. Columns are found by name, so files written by
/// other Kea versions (more or fewer columns) read the same.
struct KeaLeaseParser: TableParser {
    private var columns: [String: Int] = [:]

    mutating func feed(_ line: String, number: Int) -> ParseStep {
        if line.isEmpty || line.hasPrefix("#") { return .nothing }
        guard let fields = TextFields.csv(line) else { return .problem("unclosed quote") }
        if fields.first == "address" {
            columns = Dictionary(fields.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            return columns["hwaddr"] == nil ? .problem("header without an hwaddr column") : .nothing
        }
        guard let addressColumn = columns["address"], let macColumn = columns["hwaddr"] else {
            return .problem("lease before the header line 'address,hwaddr,…'")
        }
        guard fields.count > max(addressColumn, macColumn) else { return .problem("\(fields.count) columns, the header has \(columns.count)") }
        guard let address = TextFields.address(fields[addressColumn]) else { return .problem("address '\(fields[addressColumn].prefix(64))' is not an IP address") }
        let hwaddr = fields[macColumn]
        if hwaddr.isEmpty { return .nothing }  // a lease held by client id only: no MAC to keep
        guard let mac = TextFields.mac(hwaddr) else { return .problem("hwaddr '\(hwaddr.prefix(64))' is not a MAC address") }
        var row = ImportRow(mac: mac, line: number)
        row.address = address
        if let column = columns["hostname"], column < fields.count {
            // Kea writes a comma inside a value as "&#x2c".
            row.hostname = TextFields.nonEmpty(fields[column].replacingOccurrences(of: "&#x2c", with: ","))
        }
        if let column = columns["expire"], column < fields.count, let seconds = Double(fields[column]) {
            row.time = Date(timeIntervalSince1970: seconds)
        }
        return .rows([row])
    }
}
