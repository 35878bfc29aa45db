import AsyncAlgorithms
import CamAuditCapture
import Foundation
import Logging
import ServiceLifecycle

/// Listens on the configured interfaces (receives only) and hands what it identified to the
/// writer every `record_interval` and once more when stopped, so a SIGTERM loses no evidence.
/// A reload that changes the `listen` section restarts the captures with the new settings.
public final class PassiveListeningService: Service, Sendable {
    private let writer: InventoryWriter
    private let metrics: DaemonMetrics
    private let logger: Logger
    private let updates: AsyncStream<DaemonConfiguration.Listen>
    private let continuation: AsyncStream<DaemonConfiguration.Listen>.Continuation
    private let initial: DaemonConfiguration.Listen
    /// A sender silent this long is dropped from the capture's device table once its evidence is
    /// in the inventory, so a capture of months holds today's network, not every sender since.
    static let silentDeviceLifetime: TimeInterval = 3600

    public init(listen: DaemonConfiguration.Listen, writer: InventoryWriter, metrics: DaemonMetrics, logger: Logger) {
        initial = listen
        self.writer = writer
        self.metrics = metrics
        self.logger = logger
        (updates, continuation) = AsyncStream.makeStream(of: DaemonConfiguration.Listen.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Applies the `listen` section of a reloaded configuration.
    public func apply(_ listen: DaemonConfiguration.Listen) {
        continuation.yield(listen)
    }

    public func run() async throws {
        var settings = initial
        var generation = start(settings)
        for await next in updates.cancelOnGracefulShutdown() where next != settings {
            logger.info("capture.restarting", metadata: ["capture.interfaces": "\(next.interfaces.joined(separator: ","))"])
            generation.cancel()
            await generation.value
            settings = next
            generation = start(settings)
        }
        generation.cancel()
        await generation.value
    }

    private func start(_ settings: DaemonConfiguration.Listen) -> Task<Void, Never> {
        Task { [self] in
            await withTaskGroup(of: Void.self) { group in
                for interface in settings.interfaces {
                    group.addTask { await self.capture(on: interface, settings) }
                }
            }
        }
    }

    /// One interface until cancelled: capture, analyse, record periodically, flush at the end.
    private func capture(on interface: String, _ settings: DaemonConfiguration.Listen) async {
        let capture: LiveCapture
        do {
            var options = LiveCapture.Options(interface: interface, filter: settings.filter, promiscuous: settings.promiscuous)
            options.bufferSize = Int32(clamping: settings.bufferBytes)
            capture = try LiveCapture(options: options)
        } catch {
            logger.error("capture.failed", metadata: ["capture.interface": "\(interface)", "capture.error": "\(error.description)"])
            return
        }
        for notice in capture.notices {
            logger.notice("capture.notice", metadata: ["capture.interface": "\(interface)", "capture.notice": "\(notice)"])
        }
        let stream = capture.start()
        logger.info("capture.started", metadata: ["capture.interface": "\(interface)", "capture.filter": "\(capture.filterExpression)"])
        // The consuming task is unstructured so that cancellation only stops the capture: the
        // packets already buffered are still ingested and recorded before it ends.
        let consumer = Task { [self, writer] in
            let analyzer = PassiveAnalyzer()
            let interval = settings.recordIntervalSeconds
            var nextRecord = Date().addingTimeInterval(interval)
            var untracked = 0
            // Ticks make a quiet network's evidence reach the inventory on time too.
            let ticks = AsyncTimerSequence(interval: .seconds(min(interval, 5)), clock: .continuous).map { _ in CaptureEvent.tick }
            let events = merge(chain(stream.map { CaptureEvent.packet($0) }, [CaptureEvent.end].async), ticks)
            for await event in events {
                if case .end = event { break }
                if case .packet(let packet) = event {
                    analyzer.ingest(packet.data, linkType: capture.linkType, time: packet.time, file: interface, packetNumber: packet.number, originalLength: packet.originalLength)
                }
                if Date() >= nextRecord {
                    nextRecord = Date().addingTimeInterval(interval)
                    await record(analyzer, finishing: false, interface: interface)
                    // Recorded above: what has been silent for long no longer needs a place in memory.
                    analyzer.forgetDevices(notSeenSince: Date().addingTimeInterval(-Self.silentDeviceLifetime))
                    await writer.releaseMemory()
                    publish(capture.statistics, interface: interface)
                    reportBounds(of: analyzer, interface: interface, untrackedBefore: &untracked)
                }
            }
            // Everything captured has been ingested: flush the open streams and record it all.
            await record(analyzer, finishing: true, interface: interface)
        }
        await withTaskCancellationHandler {
            await consumer.value
        } onCancel: {
            capture.stop()
        }
        let statistics = capture.statistics
        publish(statistics, interface: interface)
        if let failure = capture.failure {
            logger.error("capture.ended", metadata: ["capture.interface": "\(interface)", "capture.error": "\(failure)"])
        }
        logger.info("capture.stopped", metadata: [
            "capture.interface": "\(interface)", "capture.packets": "\(statistics.captured)", "capture.dropped": "\(statistics.totalDropped)",
        ])
    }

    /// Hands the writer the devices it stores (those with a verdict), a batch at a time: the
    /// others are most senders on a busy network, and no more than one batch of reports exists
    /// at once. `finishing` also dissects the TCP streams still open.
    private func record(_ analyzer: PassiveAnalyzer, finishing: Bool, interface: String) async {
        let keep: @Sendable (DeviceReport) -> DeviceReport? = { $0.classification.verdict == .unknown ? nil : $0 }
        for batch in analyzer.reportBatches(finishing: finishing, prepare: keep) {
            let identified = batch.compactMap { $0 }
            if !identified.isEmpty { await writer.recordBatch(identified.sorted(by: PassiveAnalyzer.reportOrder), interface: interface) }
        }
        await writer.endRecording(interface: interface)
    }

    /// Metrics of what the analyser holds, and a warning each time its bounds turned evidence
    /// away since the last record (a flood, or a network larger than the tables).
    private func reportBounds(of analyzer: PassiveAnalyzer, interface: String, untrackedBefore: inout Int) {
        let counters = analyzer.counters
        metrics.setAnalysis(interface: interface, evidenceBytes: analyzer.evidenceBytes,
                            devicesDropped: counters.devicesDropped, observationsDropped: counters.observationsDropped)
        let untracked = counters.devicesDropped + counters.observationsDropped
        guard untracked > untrackedBefore else { return }
        untrackedBefore = untracked
        logger.warning("capture.bounds.reached", metadata: [
            "capture.interface": "\(interface)", "capture.untracked_senders": "\(counters.devicesDropped)",
            "capture.untracked_observations": "\(counters.observationsDropped)", "capture.evidence_bytes": "\(analyzer.evidenceBytes)",
        ])
    }

    private func publish(_ statistics: LiveCapture.Statistics, interface: String) {
        metrics.setCapture(interface: interface, packets: statistics.captured, kernelDropped: statistics.kernelDropped,
                           interfaceDropped: statistics.interfaceDropped, streamDropped: statistics.streamDropped)
    }
}

private enum CaptureEvent: Sendable {
    case packet(CapturedPacket)
    case tick
    case end
}
