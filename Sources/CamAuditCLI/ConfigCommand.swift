import ArgumentParser
import CamAuditDaemon

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check the daemon's configuration file.",
        subcommands: [ConfigCheckCommand.self]
    )
}

struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a configuration file and summarise what it sets.",
        discussion: """
        Prints every problem as FILE:LINE:COLUMN: error: MESSAGE, the way compilers do, so an editor can jump to it.

        Exit codes: 0 the file is valid; 2 it has a problem (or cannot be read).
        """
    )

    @Argument(help: "The configuration file (default: /etc/camaudit/camaudit.yaml).")
    var file: String = DaemonConfiguration.defaultPath

    func run() throws {
        let configuration: DaemonConfiguration
        do {
            configuration = try ConfigurationLoader.load(path: file)
        } catch {
            for problem in error.problems { Output.error(problem.description) }
            Output.error("\(file): \(error.problems.count) problem\(error.problems.count == 1 ? "" : "s"); nothing was applied")
            throw CamAuditExit.usage
        }
        Output.line("\(file): valid")
        for site in configuration.sites {
            let building = site.building.map { " (\($0))" } ?? ""
            let excluded = site.exclude.isEmpty ? "" : ", excluding \(site.exclude.map(\.description).joined(separator: ", "))"
            Output.line("  site \(site.name)\(building): \(site.networks.map(\.description).joined(separator: ", "))\(excluded)")
        }
        if !configuration.exclude.isEmpty { Output.line("  never scanned: \(configuration.exclude.map(\.description).joined(separator: ", "))") }
        let rates = configuration.rates
        Output.line("  rates: \(rates.probesPerSecond) probes/s, \(rates.perHostPerSecond) per host, \(rates.timeoutSeconds) s timeout")
        let listen = configuration.listen
        Output.line("  listen: \(listen.interfaces.isEmpty ? "off" : listen.interfaces.joined(separator: ", ")), recorded every \(Int(listen.recordIntervalSeconds)) s")
        Output.line("  schedule: \(configuration.schedule.scanIntervalSeconds.map { "every \(Int($0)) s (internal)" } ?? "camaudit-scan.timer")")
        Output.line("  inventory: \(configuration.inventory)")
        Output.line("  reports: \(configuration.reports.formats.joined(separator: ", ")) into \(configuration.reports.directory)")
        Output.line("  metrics: \(configuration.metrics.enabled ? "http://\(configuration.metrics.address):\(configuration.metrics.port)/metrics" : "off")")
    }
}
