import CamAuditCapture
import CamAuditModel
import Foundation

/// The device output shared by `analyze` and `listen`: the table, `--json` and `--jsonl`, the
/// same devices in each (covered first; unknown makers only with `--all`).
struct DeviceReportOutput {
    /// The command name, for error messages.
    var command: String
    var json: String?
    var jsonl: String?
    var all: Bool

    /// Writes the requested outputs. The table goes to stdout unless a JSON form already does;
    /// `header` is its first line and `notes` follow the summary.
    func write(_ reports: [DeviceReport], header: String, counters: CaptureCounters, notes: [String] = []) throws {
        let shown = shown(reports)
        if let json {
            try Output.writeText(JSONValue.array(shown.map { $0.json() }).serialized(), to: json, command: command)
        }
        if let jsonl {
            try Output.writeStreamed(to: jsonl, command: command) { emit in
                for (index, report) in shown.enumerated() {
                    var line = index == 0 ? [] : [UInt8(0x0A)]
                    line += report.jsonBytes()
                    try line.withUnsafeBytes { try emit($0) }
                }
            }
        }
        if json != "-" && jsonl != "-" {
            printTable(shown, header: header, counters: counters, notes: notes)
        }
        Output.flush()
    }

    /// The devices every output lists.
    func shown(_ reports: [DeviceReport]) -> [DeviceReport] {
        reports.filter(shows)
    }

    /// A device with a known maker, or any with `--all`: what the table lists and `--record` keeps.
    func shows(_ report: DeviceReport) -> Bool {
        all || report.classification.verdict != .unknown
    }

    /// True when a device is covered or likely covered, for `--fail-on-covered`.
    static func anyCovered(_ reports: [DeviceReport]) -> Bool {
        reports.contains { $0.classification.verdict.coveredFlag == true }
    }

    private func printTable(_ shown: [DeviceReport], header: String, counters: CaptureCounters, notes: [String]) {
        let covered = shown.filter { $0.classification.verdict == .covered }.count
        let likely = shown.filter { $0.classification.verdict == .likelyCovered }.count
        printTable(rows: shown.map(Self.tableRow), covered: covered, likely: likely, header: header, counters: counters, notes: notes)
    }

    /// The table from its rows, already in order: what both the in-memory and the streamed
    /// outputs print.
    func printTable(rows: [String], covered: Int, likely: Int, header: String, counters: CaptureCounters, notes: [String]) {
        Output.line(header)
        Output.line("")
        if rows.isEmpty {
            Output.line(all ? "No devices in the capture." : "No device whose maker could be identified (--all lists every sender).")
        } else {
            Output.line("\("MAC".padding(18)) \("MAC SOURCE".padding(10)) \("IP".padding(16)) \("VERDICT".padding(15)) \("MAKER".padding(10)) \("BRAND".padding(10)) \("MODEL".padding(20)) \("TYPE".padding(15)) CONF")
            for row in rows { Output.line(row) }
        }
        Output.line("")
        Output.line("\(covered) covered, \(likely) likely covered. Evidence was seen passively; details: --jsonl - .")
        if counters.totalDecodeErrors > 0 || counters.truncatedPackets > 0 || counters.tcpFlowsEvicted > 0 {
            let kinds = counters.decodeErrors.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            Output.line("Not decoded: \(counters.totalDecodeErrors)\(kinds.isEmpty ? "" : " (\(kinds))"); snaplen-cut packets: \(counters.truncatedPackets); TCP flows evicted: \(counters.tcpFlowsEvicted).")
        }
        if counters.devicesDropped > 0 || counters.observationsDropped > 0 {
            Output.line("Memory bounds reached: \(counters.devicesDropped) senders not tracked (table full), \(counters.observationsDropped) observations not kept (evidence budget spent).")
        }
        for note in notes { Output.line(note) }
    }

    /// One device's line of the table: made for each of a capture's shown devices, so built
    /// as bytes (a padded interpolation counted every column's characters twice).
    static func tableRow(_ report: DeviceReport) -> String {
        let identity = report.classification.identity
        var row: [UInt8] = []
        row.reserveCapacity(160)
        func column(_ text: String, _ width: Int) {
            row.append(contentsOf: text.utf8)
            // Columns are padded to characters; only non-ASCII text has fewer than its bytes.
            let characters = text.utf8.contains(where: { $0 >= 0x80 }) ? text.count : text.utf8.count
            if characters < width { row.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width - characters)) }
            row.append(UInt8(ascii: " "))
        }
        column(report.mac?.description ?? "-", 18)
        column(report.macSource.rawValue, 10)
        column(report.addresses.first.map { report.addresses.count > 1 ? "\($0)+\(report.addresses.count - 1)" : $0.description } ?? "-", 16)
        column(report.classification.verdict.rawValue, 15)
        column(identity.maker ?? "-", 10)
        column(identity.brand ?? "-", 10)
        column(identity.model ?? "-", 20)
        column(identity.deviceType?.rawValue ?? "-", 15)
        row.append(contentsOf: identity.confidence.description.utf8)
        return String(decoding: row, as: UTF8.self)
    }
}
