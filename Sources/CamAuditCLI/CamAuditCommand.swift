import ArgumentParser

/// The `camaudit` command tree. The executable target only calls `main()`.
public struct CamAuditCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "camaudit",
        abstract: "Find Hikvision and Dahua cameras, recorders, doorbells and thermal scanners, and classify them against the ban lists.",
        discussion: """
        camaudit never logs in, never fetches video and never writes to a device.

        Exit codes:
          0  success
          1  scan (always), or classify, analyze or listen --fail-on-covered, found a covered or
             likely-covered device;
             signatures verify found a problem; signatures match found no fingerprint;
             evidence verify found the bundle altered; import purchases left rows unapplied
          2  usage error: bad arguments or options
          3  runtime failure: input unreadable, output unwritable, capture refused
             (no permission, no such interface)
        """,
        version: CamAuditVersion.string,
        subcommands: [
            ClassifyCommand.self, ScanCommand.self, AnalyzeCommand.self, ListenCommand.self, DemoCommand.self, FleetCommand.self, InventoryCommand.self,
            ReclassifyCommand.self, DeviceCommand.self, SiteCommand.self, ImportCommand.self, EvidenceCommand.self, ReportCommand.self, SignaturesCommand.self, PolicyCommand.self,
            ConfigCommand.self, DaemonCommand.self, ScheduledRunCommand.self, VersionCommand.self,
        ]
    )

    public init() {}

    /// Parses and runs, mapping ArgumentParser's usage failures to the documented exit code 2.
    /// Async because `listen` consumes its capture with Swift concurrency.
    public static func runFromCommandLine() async -> Never {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            exit(withError: nil)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Output.error(fullMessage(for: error))
                Output.error("Run 'camaudit --help' for usage.")
                exit(withError: CamAuditExit.usage)
            }
            if let failure = error as? RuntimeFailure {
                Output.error("camaudit: \(failure.description)")
                exit(withError: CamAuditExit.runtimeFailure)
            }
            exit(withError: error)
        }
    }
}

public enum CamAuditVersion {
    public static let string = "0.1.0"
}

/// Exit codes, documented in the README and in `camaudit --help`.
public enum CamAuditExit {
    public static let coveredFound = ExitCode(1)
    public static let usage = ExitCode(2)
    public static let runtimeFailure = ExitCode(3)
}

/// A failure with a message that says what was wrong and what to do.
struct RuntimeFailure: Error, CustomStringConvertible {
    var description: String
    /// The district's inventory server could not be reached: a command holding a scan keeps
    /// it locally instead of failing.
    var serverUnreachable = false
}
