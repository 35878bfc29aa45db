import Foundation

/// ISC dhcpd's `dhcpd.leases` (dhcpd.leases(5)): `lease ADDRESS { … }` blocks, one statement a
/// line, appended on every renewal, so one MAC appears many times. Other blocks (`host`,
/// `failover peer`, `group`) are stepped over.
struct ISCLeaseParser: TableParser {
    private var lease: ImportRow?
    private var leaseAddress: String?
    private var leaseLine = 0
    private var leaseTime: (cltt: Date?, ends: Date?, starts: Date?) = (nil, nil, nil)
    /// Depth of braces of a block that is not a lease.
    private var otherDepth = 0
    private var inLease = false

    mutating func feed(_ line: String, number: Int) -> ParseStep {
        let text = TextFields.trimmed(Self.withoutComment(line))
        if text.isEmpty { return .nothing }
        if otherDepth > 0 {
            otherDepth += braceBalance(text)
            return .nothing
        }
        if !inLease {
            if text.hasPrefix("lease ") && text.hasSuffix("{") {
                inLease = true
                leaseLine = number
                leaseTime = (nil, nil, nil)
                lease = nil
                let token = TextFields.trimmed(text.dropFirst(6).dropLast())
                leaseAddress = TextFields.address(token)
                return leaseAddress == nil ? .problem("lease address '\(token.prefix(64))' is not an IP address") : .nothing
            }
            if text.hasSuffix("{") {
                otherDepth = braceBalance(text)
                return .nothing
            }
            if text.hasSuffix(";") { return .nothing }  // server-duid, authoring-byte-order, …
            return .problem("expected a lease declaration or a statement ending in ';'")
        }
        if text == "}" {
            inLease = false
            guard var row = lease, !row.mac.isEmpty, leaseAddress != nil else { return .nothing }
            row.address = leaseAddress
            row.time = leaseTime.cltt ?? leaseTime.ends ?? leaseTime.starts
            lease = nil
            return .rows([row])
        }
        guard text.hasSuffix(";") else { return .problem("expected a statement ending in ';' inside the lease of line \(leaseLine)") }
        let statement = text.dropLast()
        if statement.hasPrefix("hardware ") {
            let parts = TextFields.tokens(String(statement))
            guard parts.count == 3, let mac = TextFields.mac(parts[2]) else { return .problem("hardware statement without a MAC address") }
            guard parts[1] == "ethernet" else { return .nothing }
            var row = lease ?? ImportRow(mac: mac, line: leaseLine)
            row.mac = mac
            lease = row
        } else if statement.hasPrefix("client-hostname ") {
            setOnLease { $0.hostname = Self.quoted(statement.dropFirst(16)) }
        } else if statement.hasPrefix("set "), statement.lowercased().contains("vendor"), let equals = statement.firstIndex(of: "=") {
            // `set vendor-class-identifier = "…"`: written when dhcpd.conf keeps option 60 this way.
            let value = Self.quoted(statement[statement.index(after: equals)...])
            setOnLease { $0.vendorClass = value }
        } else if let (keyword, date) = Self.time(statement) {
            switch keyword {
            case "cltt": leaseTime.cltt = date
            case "ends": leaseTime.ends = date
            default: leaseTime.starts = date
            }
        }
        return .nothing
    }

    mutating func finish() -> ParseStep {
        inLease ? .problem("lease of line \(leaseLine) is not closed with '}' at the end of the file") : .nothing
    }

    /// Facts that come before `hardware` are kept until the MAC arrives.
    private mutating func setOnLease(_ change: (inout ImportRow) -> Void) {
        var row = lease ?? ImportRow(mac: "", line: leaseLine)
        change(&row)
        lease = row
    }

    private func braceBalance(_ text: String) -> Int {
        var balance = 0
        var quoted = false
        var escaped = false
        for ch in text {
            if escaped { escaped = false; continue }
            if quoted && ch == "\\" { escaped = true } else if ch == "\"" { quoted.toggle() } else if !quoted && ch == "{" { balance += 1 } else if !quoted && ch == "}" { balance -= 1 }
        }
        return balance
    }

    /// The line up to a `#` outside quotes (dhcpd writes `ends epoch N; # date` comments).
    static func withoutComment(_ line: String) -> Substring {
        var quoted = false
        var escaped = false
        for index in line.indices {
            let ch = line[index]
            if escaped { escaped = false; continue }
            if quoted && ch == "\\" { escaped = true } else if ch == "\"" { quoted.toggle() } else if ch == "#" && !quoted { return line[..<index] }
        }
        return line[...]
    }

    /// The text of a `"…"` value, with dhcpd's octal escapes left as they are.
    static func quoted<S: StringProtocol>(_ text: S) -> String? {
        let trimmed = TextFields.trimmed(text)
        guard trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\"") else { return TextFields.nonEmpty(trimmed) }
        return TextFields.nonEmpty(trimmed.dropFirst().dropLast())
    }

    /// `starts|ends|cltt W YYYY/MM/DD HH:MM:SS` (UTC) or `… epoch SECONDS`.
    static func time(_ statement: Substring) -> (String, Date)? {
        let parts = TextFields.tokens(String(statement))
        guard parts.count >= 3, ["starts", "ends", "cltt"].contains(parts[0]) else { return nil }
        let keyword = String(parts[0])
        if parts[1] == "epoch", let seconds = Double(parts[2]) {
            return (keyword, Date(timeIntervalSince1970: seconds))
        }
        guard parts.count >= 4,
              let day = TextFields.numbers(parts[2], separators: ["/"]), day.count == 3,
              let clock = TextFields.numbers(parts[3], separators: [":"]), clock.count == 3,
              let date = TextFields.utc(year: day[0], month: day[1], day: day[2], hour: clock[0], minute: clock[1], second: clock[2])
        else { return nil }
        return (keyword, date)
    }
}
