import CamAuditFleet
import CamAuditModel
import CamAuditScan
import CamAuditStore

/// Records a demo scan in the inventory as one scan per simulated site, so the board report
/// groups devices by school.
enum DemoRecorder {
    static func record(_ report: ScanReport, devices: [FleetDevice], options: InventoryOptions, siteOverride: String?) throws -> [Int64] {
        let siteOf = Dictionary(devices.map { ($0.address, $0.site) }, uniquingKeysWith: { first, _ in first })
        var bySite: [String: [DeviceSighting]] = [:]
        var order: [String] = []
        for sighting in ScanOutput.sightings(report) {
            let site = siteOverride ?? sighting.addresses.first.flatMap { siteOf[$0] } ?? "unassigned"
            if bySite[site] == nil { order.append(site) }
            bySite[site, default: []].append(sighting)
        }
        var scans: [Int64] = []
        for site in order {
            var siteOptions = options
            siteOptions.site = site
            scans.append(try InventoryRecorder.record(
                bySite[site] ?? [], kind: .active, scope: "\(report.scope.summary) (simulated district, site \(site))",
                settings: .object([("command", .string("demo"))]), options: siteOptions, command: "demo", announce: false))
        }
        return scans
    }
}
