import ArgumentParser
import CamAuditFleet
import CamAuditMatching
import CamAuditModel
import CamAuditReports
import CamAuditScan
import CamAuditSignatures
import CamAuditStore
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Scan a simulated school district on loopback, record it in an inventory and write the board report.",
        discussion: """
        Starts the simulated fleet (\(SimulatedDistrict.designedSize) devices over six sites, answering from real recorded \
        responses) on 127.77.0.0/16, scans it with `camaudit scan`'s engine at its default rates, records each \
        site as a scan in the inventory (--db, else a demo database in your data directory, never \
        /var/lib), writes the HTML board report beside it and prints the inventory. Sends nothing beyond \
        this machine's loopback. Without root it runs itself inside a user and network namespace \
        (`unshare`) so the fleet may listen on ports 80 and 554.

        --sample classifies the small embedded sample site instead (no sockets at all).
        """
    )

    @Flag(help: "Print the per-device results as JSON lines instead of the tables.")
    var json = false

    @OptionGroup var inventory: InventoryOptions

    @Flag(help: "Record the results in the inventory. The district demo always records; with --sample only when given.")
    var record = false

    @Flag(help: "Classify the embedded sample site (recorded responses, no network, no sockets) instead of scanning the simulated district.")
    var sample = false

    @Flag(help: "Scan the district a term later: some covered devices replaced, one per school re-addressed (run after a plain demo, then `inventory diff`).")
    var nextTerm = false

    @Option(help: ArgumentHelp("Where to write the HTML board report (default: report.html beside the demo inventory).", valueName: "FILE"))
    var report: String?

    func run() async throws {
        if sample {
            try DemoSampleRun.run(json: json, record: record, inventory: inventory)
            return
        }
        if let status = try DemoNamespace.reexecutedStatus() { throw ExitCode(status) }
        let started = Date()
        var options = inventory
        if options.db == nil { options.db = DemoPaths.inventory }
        // Beside a SQLite inventory; a PostgreSQL one has no directory, so the demo's own.
        let besides = options.isPostgreSQL ? DemoPaths.inventory : options.path
        let reportPath = report ?? ((besides as NSString).deletingLastPathComponent as NSString).appendingPathComponent("report.html")
        try DemoPaths.createDirectory(for: besides)

        let district = try SimulatedDistrict.devices()
        let devices = nextTerm ? DemoNextTerm.apply(district) : district
        let fleetLog = try FleetRequestLog()
        let fleet: FleetServer
        do {
            fleet = try await FleetServer.start(devices: devices, log: fleetLog)
        } catch {
            throw RuntimeFailure(description: "demo: \(error)")
        }
        let scope = try DemoScope.scope(for: devices)
        if !json {
            Output.error("camaudit demo: simulated district of \(devices.count) devices at \(DemoScope.sites(devices).count) sites on 127.77.0.0/16; scanning \(scope.summary) at the default rates")
        }
        let display = ScanProgressDisplay(enabled: Output.stderrIsTerminal && !json)
        let report: ScanReport
        do {
            report = try await Scanner.run(scope: scope, settings: DemoScope.settings, progress: display.update)
        } catch {
            display.finish()
            await fleet.stop()
            throw RuntimeFailure(description: "demo: the scan failed: \(error)")
        }
        display.finish()
        await fleet.stop()

        let scans = try DemoRecorder.record(report, devices: devices, options: options, siteOverride: inventory.site)
        let store = try options.open()
        let board = try BoardReport(store: store, site: nil, policy: BuiltInSignatures.set.policy, tableVersion: BuiltInSignatures.table.version, makerNames: BoardReport.makerNames(BuiltInSignatures.set.makers),
                                    recorderInputs: BuiltInSignatures.table.recorderInputs(model:))
        do {
            try HTMLReportRenderer().render(board).write(toFile: reportPath, atomically: true, encoding: .utf8)
        } catch {
            throw RuntimeFailure(description: "demo: cannot write the report to \(reportPath): \(error.localizedDescription); pass --report FILE")
        }
        if json {
            for host in ScanOutput(json: nil, jsonl: nil, all: false).shown(report) { Output.line(host.json().serialized()) }
            return
        }
        DemoSummary.print(report: report, board: board, fleetLog: fleetLog, scans: scans, inventoryPath: options.path,
                          reportPath: reportPath, seconds: Date().timeIntervalSince(started))
    }
}
