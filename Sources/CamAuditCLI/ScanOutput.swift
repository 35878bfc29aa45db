import CamAuditModel
import CamAuditScan
import CamAuditStore
import Foundation

/// `camaudit scan`'s outputs: the summary table, `--json`/`--jsonl`, the request log and the
/// inventory sightings.
struct ScanOutput {
    var json: String?
    var jsonl: String?
    var all: Bool

    /// Hosts every output lists: covered first, then by address.
    func shown(_ report: ScanReport) -> [HostResult] {
        report.hosts.filter { all || $0.responded }.sorted {
            let left = $0.classification.verdict.severity, right = $1.classification.verdict.severity
            return left != right ? left > right : $0.address < $1.address
        }
    }

    func write(_ report: ScanReport) throws {
        let hosts = shown(report)
        if let json { try Output.writeText(JSONValue.array(hosts.map { $0.json() }).serialized(), to: json, command: "scan") }
        if let jsonl { try Output.writeText(hosts.map { $0.json().serialized() }.joined(separator: "\n"), to: jsonl, command: "scan") }
        if json != "-" && jsonl != "-" { printTable(hosts, report: report) }
        Output.flush()
    }

    private func printTable(_ hosts: [HostResult], report: ScanReport) {
        Output.line("camaudit scan — \(report.scope.summary) in \(String(format: "%.1f", report.duration)) s; \(report.sent) probes sent\(report.arpRequests > 0 ? ", \(report.arpRequests) ARP requests" : "")")
        Output.line("")
        if hosts.isEmpty {
            Output.line("No host answered.")
        } else {
            Output.line("\("IP".padding(16)) \("MAC".padding(18)) \("STATUS".padding(18)) \("VERDICT".padding(15)) \("MAKER".padding(10)) \("BRAND".padding(10)) \("MODEL".padding(20)) \("TYPE".padding(12)) PORTS")
            for host in hosts {
                let identity = host.classification.identity
                let ports = host.openPorts.map(String.init).joined(separator: ",")
                Output.line("\(host.address.description.padding(16)) \((host.mac ?? identity.mac ?? "-").padding(18)) \(host.status.rawValue.padding(18)) \(host.classification.verdict.rawValue.padding(15)) \((identity.maker ?? "-").padding(10)) \((identity.brand ?? "-").padding(10)) \((identity.model ?? "-").padding(20)) \((identity.deviceType?.rawValue ?? "-").padding(12)) \(ports.isEmpty ? "-" : ports)")
            }
        }
        let covered = report.hosts.filter { $0.classification.verdict == .covered }.count
        let likely = report.hosts.filter { $0.classification.verdict == .likelyCovered }.count
        let counts = HostResult.Status.allCases.map { "\(report.count($0)) \($0.rawValue)" }.joined(separator: ", ")
        Output.line("")
        Output.line("\(covered) covered, \(likely) likely covered. Hosts: \(counts).")
    }

    static func writeRequestLog(_ log: RequestLog, to destination: String) throws {
        let lines = log.entries.map { entry in
            JSONValue.object([
                ("ip", .string(entry.address.description)), ("port", .int(Int(entry.port))),
                ("transport", .string(entry.transport)), ("request", .string(entry.summary)),
            ]).serialized()
        }
        try Output.writeText(lines.joined(separator: "\n"), to: destination, command: "scan")
    }

    /// Responding hosts as the inventory records them, anchored like every other source.
    static func sightings(_ report: ScanReport) -> [DeviceSighting] {
        report.responded.map { host in
            DeviceSighting(key: "scan:\(host.address)", mac: host.mac, macSource: host.mac == nil ? nil : .frame, addresses: [host.address.description], observations: host.observations,
                           classification: host.classification, firstSeen: host.started, lastSeen: host.finished)
        }
    }
}
