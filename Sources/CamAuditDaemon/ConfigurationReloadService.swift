import Logging
import ServiceLifecycle
import UnixSignals

/// Re-reads the configuration on SIGHUP. A file with a problem is refused as a whole: each
/// problem is logged with its file:line:column and the last good configuration stays in force.
public final class ConfigurationReloadService: Service, Sendable {
    private let path: String
    private let logger: Logger
    private let metrics: DaemonMetrics
    private let apply: @Sendable (DaemonConfiguration) async -> Void

    public init(path: String, metrics: DaemonMetrics, logger: Logger, apply: @escaping @Sendable (DaemonConfiguration) async -> Void) {
        self.path = path
        self.metrics = metrics
        self.logger = logger
        self.apply = apply
    }

    public func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            await reload()
        }
    }

    func reload() async {
        do {
            let configuration = try ConfigurationLoader.load(path: path)
            await apply(configuration)
            metrics.configurationReloads.increment()
            metrics.configurationSites.set(Double(configuration.sites.count))
            logger.info("config.reloaded", metadata: ["config.path": "\(path)", "config.sites": "\(configuration.sites.count)"])
        } catch {
            metrics.configurationReloadFailures.increment()
            for problem in error.problems {
                logger.error("config.reload.refused", metadata: ["config.problem": "\(problem)"])
            }
            logger.warning("config.kept", metadata: ["config.path": "\(path)", "config.note": "the last good configuration stays in force; fix the file and send SIGHUP again"])
        }
    }
}
