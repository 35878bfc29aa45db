import CamAuditFleet
import CamAuditModel
import CamAuditReports
import CamAuditScan
import Foundation

/// What `camaudit demo` prints: the scan's device table, the inventory per site, the fleet's
/// verdict on the scanner's manners, and where everything went.
enum DemoSummary {
    static func print(report: ScanReport, board: BoardReport, fleetLog: FleetRequestLog, scans: [Int64],
                      inventoryPath: String, reportPath: String, seconds: Double) {
        try? ScanOutput(json: nil, jsonl: nil, all: false).write(report)
        Output.line("")
        Output.line("Inventory by site (\(inventoryPath)):")
        Output.line("  \("SITE".padding(22)) \("DEVICES".padding(8)) \("COVERED".padding(8)) \("LIKELY".padding(7)) NOT COVERED")
        for site in board.sites {
            Output.line("  \(site.site.padding(22)) \(String(site.devices).padding(8)) \(String(site.covered).padding(8)) \(String(site.likelyCovered).padding(7)) \(site.notCovered)")
        }
        let flagged = board.sites.reduce(0) { $0 + $1.covered + $1.likelyCovered }
        Output.line("  \(flagged) devices made by Hikvision or Dahua (or their brands) at \(board.sites.filter { $0.covered + $0.likelyCovered > 0 }.count) sites.")
        Output.line("")
        let violations = fleetLog.violations
        Output.line("The simulated devices logged \(fleetLog.all.count) requests: \(violations.isEmpty ? "no login, no video or snapshot, no write" : "\(violations.count) broke the read-only promise (\(violations[0].reason))").")
        Output.line("Recorded as scans \(scans.map(String.init).joined(separator: ", ")); board report: \(reportPath)")
        Output.line("Next: camaudit inventory list --db \(inventoryPath) · camaudit report --db \(inventoryPath) --format csv · open \(reportPath)")
        Output.line(String(format: "Done in %.1f s.", seconds))
    }
}
