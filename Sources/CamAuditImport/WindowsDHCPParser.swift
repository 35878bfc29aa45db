import Foundation

/// `Get-DhcpServerv4Lease … | Export-Csv`: an optional `#TYPE …` line, a header of quoted
/// property names, then one lease a line. `ClientId` holds the MAC as `aa-bb-cc-dd-ee-ff`.
/// Columns are found by name (Export-Csv's order follows the object's properties).
struct WindowsDHCPParser: TableParser {
    private var columns: [String: Int] = [:]

    mutating func feed(_ line: String, number: Int) -> ParseStep {
        if line.isEmpty || line.hasPrefix("#") { return .nothing }
        guard let fields = TextFields.csv(line) else { return .problem("unclosed quote") }
        if fields.contains("IPAddress") && fields.contains("ClientId") {
            columns = Dictionary(fields.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            return .nothing
        }
        guard let addressColumn = columns["IPAddress"], let clientColumn = columns["ClientId"] else {
            return .problem("lease before the header line naming IPAddress and ClientId")
        }
        guard fields.count > max(addressColumn, clientColumn) else { return .problem("\(fields.count) columns, the header has \(columns.count)") }
        guard let address = TextFields.address(fields[addressColumn]) else { return .problem("IPAddress '\(fields[addressColumn].prefix(64))' is not an IP address") }
        let client = fields[clientColumn]
        guard let mac = TextFields.mac(client) else {
            // A client identifier that is not a MAC (a DUID-style id) names no hardware.
            return client.count > 17 ? .nothing : .problem("ClientId '\(client.prefix(64))' is not a MAC address")
        }
        var row = ImportRow(mac: mac, line: number)
        row.address = address
        if let column = columns["HostName"], column < fields.count { row.hostname = TextFields.nonEmpty(fields[column]) }
        if let column = columns["LeaseExpiryTime"], column < fields.count { row.time = Self.time(fields[column]) }
        return .rows([row])
    }

    /// Export-Csv writes dates in the exporting machine's culture; the invariant
    /// `M/d/yyyy h:mm:ss AM|PM` (en-US) and ISO `yyyy-MM-dd HH:mm:ss` are read, others are left out.
    /// The time zone is the server's and unknown here: read as UTC.
    static func time(_ text: String) -> Date? {
        let parts = TextFields.tokens(text)
        guard parts.count >= 2 else { return nil }
        guard let clock = TextFields.numbers(parts[1], separators: [":"]), clock.count >= 2 else { return nil }
        var hour = clock[0]
        if parts.count >= 3 {
            if parts[2].uppercased() == "PM" && hour < 12 { hour += 12 }
            if parts[2].uppercased() == "AM" && hour == 12 { hour = 0 }
        }
        let second = clock.count > 2 ? clock[2] : 0
        if let day = TextFields.numbers(parts[0], separators: ["/"]), day.count == 3 {
            return TextFields.utc(year: day[2], month: day[0], day: day[1], hour: hour, minute: clock[1], second: second)
        }
        if let day = TextFields.numbers(parts[0], separators: ["-"]), day.count == 3 {
            return TextFields.utc(year: day[0], month: day[1], day: day[2], hour: hour, minute: clock[1], second: second)
        }
        return nil
    }
}
