import ArgumentParser
import CamAuditDaemon
import Logging

struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Run the agent: passive listening, the inventory writer, the optional schedule and the metrics endpoint.",
        discussion: """
        Meant to run under systemd (camaudit.service). Logs to standard output. SIGHUP re-reads the configuration (a file with a problem is refused and the last good one stays in force); SIGTERM or SIGINT stops it gracefully: the captures flush what they saw and the passive scans are closed.

        Exit codes: 0 stopped cleanly; 2 the configuration has a problem; 3 it could not start (inventory, metrics port).
        """
    )

    @Option(help: "The configuration file.")
    var config: String = DaemonConfiguration.defaultPath

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical") }
    }

    func run() async throws {
        let configuration = try ConfigurationLoader.loadOrExit(path: config, consequence: "camaudit daemon: not started")
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "camaudit.daemon")
        do {
            try await Daemon(configurationPath: config, configuration: configuration, scanner: BuiltInScanner.scanner, logger: logger).run()
        } catch let error as DaemonError {
            throw RuntimeFailure(description: "daemon: \(error.description)")
        } catch {
            throw RuntimeFailure(description: "daemon: \(error)")
        }
    }
}
