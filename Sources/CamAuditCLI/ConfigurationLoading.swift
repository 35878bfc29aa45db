import CamAuditDaemon

extension ConfigurationLoader {
    /// Loads the file for a command that cannot go on without it: every problem is printed with
    /// what did not happen (`consequence`), and the command exits with the usage status.
    static func loadOrExit(path: String, consequence: String) throws -> DaemonConfiguration {
        do {
            return try load(path: path)
        } catch {
            for problem in error.problems { Output.error(problem.description) }
            Output.error("\(consequence); fix the configuration (camaudit config check \(path))")
            throw CamAuditExit.usage
        }
    }
}
