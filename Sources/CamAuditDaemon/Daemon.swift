import CamAuditStore
import Logging
import ServiceLifecycle

/// `camaudit daemon`: one ServiceGroup of the store writer, passive listening, the internal
/// schedule, configuration reloads and the metrics endpoint. SIGTERM and SIGINT shut it down
/// gracefully, in reverse order: captures flush their evidence first, then the writer closes
/// its scans.
public struct Daemon: Sendable {
    public let configurationPath: String
    public let configuration: DaemonConfiguration
    public let logger: Logger
    /// The active scanner for the internal schedule; nil when the build has none.
    public let scanner: (any SiteScanner)?

    public init(configurationPath: String, configuration: DaemonConfiguration, scanner: (any SiteScanner)?, logger: Logger) {
        self.configurationPath = configurationPath
        self.configuration = configuration
        self.scanner = scanner
        self.logger = logger
    }

    public func run() async throws {
        let metrics = DaemonMetrics()
        metrics.configurationSites.set(Double(configuration.sites.count))
        let store: any InventoryBackend
        do {
            store = try configuration.openInventory(logger: logger)
        } catch {
            throw DaemonError("cannot open the inventory at \(configuration.inventory): \(error); check `inventory:` in \(configurationPath) and that the directory is writable by the camaudit user (for postgres://, `local_inventory:`)")
        }
        let writer = InventoryWriter(store: store, configuration: configuration, metrics: metrics, logger: logger)
        await writer.refreshDeviceCounts()
        let listening = PassiveListeningService(listen: configuration.listen, writer: writer, metrics: metrics, logger: logger)
        let scheduler = ScanScheduler(configuration: configuration, scanner: scanner, writer: writer, metrics: metrics, logger: logger)
        let started = configuration
        let reload = ConfigurationReloadService(path: configurationPath, metrics: metrics, logger: logger) { [logger] next in
            if next.inventory != started.inventory || next.metrics != started.metrics {
                logger.warning("config.restart-needed", metadata: ["config.note": "inventory and metrics settings take effect at the next restart"])
            }
            await writer.apply(next)
            listening.apply(next.listen)
            scheduler.apply(next)
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: WriterCloser(writer: writer)),
            .init(service: listening),
            .init(service: scheduler),
            .init(service: reload),
        ]
        if configuration.metrics.enabled {
            services.append(.init(service: MetricsServer(address: configuration.metrics.address, port: configuration.metrics.port, metrics: metrics, logger: logger)))
        }
        logger.info("daemon.started", metadata: [
            "config.path": "\(configurationPath)", "config.sites": "\(configuration.sites.count)",
            "store.path": "\(configuration.inventory)", "capture.interfaces": "\(configuration.listen.interfaces.joined(separator: ","))",
        ])
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("daemon.stopped")
    }
}

/// Keeps the writer open while the other services run and closes its scans last.
struct WriterCloser: Service {
    let writer: InventoryWriter

    func run() async throws {
        try? await gracefulShutdown()
        await writer.finish()
    }
}

public struct DaemonError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
