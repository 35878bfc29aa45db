import Foundation
import Logging
import ServiceLifecycle

/// The daemon's optional internal schedule (`schedule.scan_every`): a scheduled run every
/// interval, the first one at start when `scan_on_start` is set. Sites without a scanner in the
/// build, or with no interval, leave scanning to camaudit-scan.timer.
public final class ScanScheduler: Service, @unchecked Sendable {
    private let writer: InventoryWriter
    private let metrics: DaemonMetrics
    private let logger: Logger
    private let scanner: (any SiteScanner)?
    private let lock = NSLock()
    private var configuration: DaemonConfiguration

    public init(configuration: DaemonConfiguration, scanner: (any SiteScanner)?, writer: InventoryWriter, metrics: DaemonMetrics, logger: Logger) {
        self.configuration = configuration
        self.scanner = scanner
        self.writer = writer
        self.metrics = metrics
        self.logger = logger
    }

    public func apply(_ configuration: DaemonConfiguration) {
        lock.withLock { self.configuration = configuration }
    }

    public func run() async throws {
        var last = lock.withLock { configuration.schedule.scanOnStart } ? Date.distantPast : Date()
        var warned = false
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let current = lock.withLock { configuration }
            if let interval = current.schedule.scanIntervalSeconds, Date().timeIntervalSince(last) >= interval || last == .distantPast {
                if let scanner {
                    last = Date()
                    do {
                        // A SIGTERM cancels a scan in progress; what it recorded stays.
                        _ = try await cancelWhenGracefulShutdown {
                            try await ScheduledRun(configuration: current, scanner: scanner, logger: self.logger).run(writer: self.writer, metrics: self.metrics)
                        }
                    } catch {
                        logger.error("schedule.run.failed", metadata: ["scan.error": "\(error)"])
                    }
                    await writer.releaseMemory()
                } else if !warned {
                    warned = true
                    logger.warning("schedule.unavailable", metadata: ["schedule.note": "this build has no active scanner; schedule.scan_every is ignored"])
                }
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
