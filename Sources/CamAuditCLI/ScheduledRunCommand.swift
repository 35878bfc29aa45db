import ArgumentParser
import CamAuditDaemon
import CamAuditStore
import Logging

struct ScheduledRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduled-run",
        abstract: "Scan every configured site, record the scans, then write the reports (what camaudit-scan.timer runs).",
        discussion: """
        Reads the configuration (sites, exclusions, rates, inventory, reports), scans each site in turn, records each as a scan in the inventory and writes the configured report formats into reports.directory as camaudit-report-<UTC time>.<format> and latest.<format>. Logs to standard output.

        Exit codes: 0 every site scanned and the reports written; 2 the configuration has a problem; 3 a site's scan or the reports failed (the others are still scanned and reported).
        """
    )

    @Option(help: "The configuration file.")
    var config: String = DaemonConfiguration.defaultPath

    @Flag(help: "Only write the reports from the inventory as it is; scan nothing.")
    var reportOnly = false

    func run() async throws {
        let configuration = try ConfigurationLoader.loadOrExit(path: config, consequence: "camaudit scheduled-run: nothing was scanned")
        LoggingSystem.bootstrap(StreamLogHandler.standardOutput)
        let logger = Logger(label: "camaudit.scheduled-run")
        do {
            let store = try configuration.openInventory(logger: logger)
            if reportOnly {
                for report in try ReportWriter(configuration: configuration).write(store: store) {
                    logger.info("report.written", metadata: ["report.path": "\(report)"])
                }
                return
            }
            guard let scanner = BuiltInScanner.scanner else {
                throw DaemonError("this build has no active scanner; run with --report-only to write the reports from the inventory")
            }
            let metrics = DaemonMetrics()
            let writer = InventoryWriter(store: store, configuration: configuration, metrics: metrics, logger: logger)
            _ = try await ScheduledRun(configuration: configuration, scanner: scanner, logger: logger).run(writer: writer, metrics: metrics)
        } catch let error as DaemonError {
            throw RuntimeFailure(description: "scheduled-run: \(error.description)")
        } catch {
            throw RuntimeFailure(description: "scheduled-run: \(error)")
        }
    }
}

/// The active scanner the schedule uses.
enum BuiltInScanner {
    static var scanner: (any SiteScanner)? { ConfiguredSiteScanner() }
}
