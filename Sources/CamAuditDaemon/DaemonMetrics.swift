import Foundation
import Prometheus

/// The daemon's Prometheus metrics. Labels are small fixed vocabularies (verdicts, probe
/// statuses, drop reasons, interface names), never addresses.
public final class DaemonMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    public static let verdicts = ["covered", "likely-covered", "not-covered", "unknown"]

    private let devices: [String: Gauge]
    private let residentMemory: Gauge
    let configurationSites: Gauge
    let configurationReloads: Counter
    let configurationReloadFailures: Counter
    let evidenceRecorded: Counter
    let probesSent: Counter
    let storeWriteFailures: Counter
    let scanDurations: DurationHistogram

    public init() {
        let registry = self.registry
        devices = Dictionary(uniqueKeysWithValues: Self.verdicts.map { verdict in
            (verdict, registry.makeGauge(descriptor: Self.name("devices", help: "Devices in the inventory by their latest verdict."), labels: [("verdict", verdict)]))
        })
        residentMemory = registry.makeGauge(descriptor: Self.name("resident_memory", unit: "bytes", help: "Resident memory of the daemon, read when scraped."))
        configurationSites = registry.makeGauge(descriptor: Self.name("config_sites", help: "Sites in the configuration in force."))
        configurationReloads = registry.makeCounter(descriptor: Self.name("config_reloads", unit: "total", help: "Configurations applied after SIGHUP."))
        configurationReloadFailures = registry.makeCounter(descriptor: Self.name("config_reload_failures", unit: "total",
            help: "SIGHUP reloads refused because the file was invalid; the last good configuration stayed in force."))
        evidenceRecorded = registry.makeCounter(descriptor: Self.name("evidence_recorded", unit: "total", help: "Observations written to the inventory."))
        probesSent = registry.makeCounter(descriptor: Self.name("probes_sent", unit: "total", help: "Connection attempts, datagrams and requests sent by active scans."))
        storeWriteFailures = registry.makeCounter(descriptor: Self.name("store_write_failures", unit: "total", help: "Inventory writes that failed (the log says why)."))
        scanDurations = registry.makeDurationHistogram(
            descriptor: Self.name("scan_duration", unit: "seconds", help: "Duration of active scans."),
            buckets: [.seconds(10), .seconds(60), .seconds(300), .seconds(900), .seconds(3600), .seconds(4 * 3600)])
    }

    static func name(_ metric: String, unit: String = "", help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "camaudit", metricName: metric, unitName: unit, helpText: help)
    }

    public func setDevices(byVerdict counts: [String: Int]) {
        for (verdict, gauge) in devices { gauge.set(Double(counts[verdict] ?? 0)) }
    }

    /// Scanned hosts by their result status (`identified`, `open-unidentified`, `no-response` ...).
    public func countScannedHosts(status: String, by amount: Int) {
        registry.makeCounter(descriptor: Self.name("scan_hosts", unit: "total", help: "Hosts probed by active scans, by result status."), labels: [("status", status)])
            .increment(by: Int64(amount))
    }

    public func recordScan(duration: Duration) { scanDurations.record(duration) }

    /// What a capture on one interface has seen and lost so far.
    func setCapture(interface: String, packets: Int, kernelDropped: UInt64, interfaceDropped: UInt64, streamDropped: Int) {
        registry.makeGauge(descriptor: Self.name("capture_packets", help: "Packets captured since the capture on this interface started."), labels: [("interface", interface)]).set(Double(packets))
        for (reason, value) in [("kernel", Double(kernelDropped)), ("interface", Double(interfaceDropped)), ("camaudit", Double(streamDropped))] {
            registry.makeGauge(descriptor: Self.name("capture_dropped_packets", help: "Packets dropped since the capture on this interface started: by the kernel (buffer full), the interface, or camaudit (analysis behind)."),
                               labels: [("interface", interface), ("reason", reason)]).set(value)
        }
    }

    /// What the analyser of one interface holds and what its bounds turned away.
    func setAnalysis(interface: String, evidenceBytes: Int, devicesDropped: Int, observationsDropped: Int) {
        registry.makeGauge(descriptor: Self.name("capture_evidence_bytes", help: "Bytes of passive evidence held in memory for the senders on this interface."),
                           labels: [("interface", interface)]).set(Double(evidenceBytes))
        for (what, value) in [("senders", devicesDropped), ("observations", observationsDropped)] {
            registry.makeGauge(descriptor: Self.name("capture_untracked", help: "Since the capture started: senders not tracked (device table full) and observations not kept (evidence budget spent)."),
                               labels: [("interface", interface), ("what", what)]).set(Double(value))
        }
    }

    /// The exposition text; resident memory is refreshed first.
    public func exposition() -> String {
        if let resident = Self.residentBytes() { residentMemory.set(Double(resident)) }
        return registry.emitToString()
    }

    /// VmRSS from /proc/self/status, in bytes.
    public static func residentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let digits = line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
            return digits.map { $0 * 1024 }
        }
        return nil
    }
}
