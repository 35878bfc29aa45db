import CamAuditSignatures
import CamAuditStore
import Foundation
import Logging

/// One scheduled run: scan every configured site, record each as a scan, then write the
/// reports. `camaudit scheduled-run` (camaudit-scan.service) and the daemon's internal
/// schedule both do exactly this.
public struct ScheduledRun: Sendable {
    public var configuration: DaemonConfiguration
    public var scanner: any SiteScanner
    public var logger: Logger

    public init(configuration: DaemonConfiguration, scanner: any SiteScanner, logger: Logger) {
        self.configuration = configuration
        self.scanner = scanner
        self.logger = logger
    }

    /// Returns the scan ids and the report files written. A site whose scan fails is logged and
    /// skipped; the others are still scanned and reported.
    public func run(writer: InventoryWriter, metrics: DaemonMetrics) async throws -> (scans: [Int64], reports: [String]) {
        guard !configuration.sites.isEmpty else {
            throw DaemonError("no sites are configured: add a `sites:` entry with its networks (camaudit config check shows the file's problems)")
        }
        var scans: [Int64] = []
        var failures: [String] = []
        for site in configuration.sites {
            let clock = ContinuousClock()
            let started = clock.now
            logger.info("scan.started", metadata: ["site.name": "\(site.name)", "scan.networks": "\(site.networks.map(\.description).joined(separator: ","))"])
            do {
                let result = try await scanner.scan(site, configuration: configuration)
                for (status, count) in result.hostsByStatus { metrics.countScannedHosts(status: status, by: count) }
                metrics.probesSent.increment(by: Int64(result.probesSent))
                let scan = try await writer.recordScan(result.sightings, description: ScanDescription(
                    kind: .active, scope: result.scope, site: site.name, settings: result.settings,
                    tableVersion: BuiltInSignatures.table.version, policyVersion: BuiltInSignatures.set.policy.version))
                let duration = clock.now - started
                metrics.recordScan(duration: duration)
                scans.append(scan)
                logger.info("scan.finished", metadata: ["site.name": "\(site.name)", "scan.id": "\(scan)", "scan.devices": "\(result.sightings.count)", "scan.duration": "\(duration)"])
            } catch {
                failures.append(site.name)
                logger.error("scan.failed", metadata: ["site.name": "\(site.name)", "scan.error": "\(error)"])
            }
        }
        let reports = try ReportWriter(configuration: configuration).write(store: writer.reader)
        for report in reports { logger.info("report.written", metadata: ["report.path": "\(report)"]) }
        if !failures.isEmpty {
            throw DaemonError("the scan of \(failures.joined(separator: ", ")) failed (see the log above); the reports cover the other sites")
        }
        return (scans, reports)
    }
}
