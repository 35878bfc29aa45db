import ArgumentParser
import CamAuditCapture
import CamAuditModel
import Foundation

struct ListenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Identify cameras and recorders in live traffic on an interface, passively (receives only; sends nothing).",
        discussion: """
        Captures on INTERFACE with libpcap and classifies every sender exactly as `camaudit analyze` does for a capture file. Needs root or CAP_NET_RAW (README: "Running listen without root").

        The default BPF filter keeps only what the decoders read: the discovery ports (3702, 37020, 37810, 5050, 1900, 5353), DHCP, DNS, NTP, layer-2 SADP (EtherType 0x8033), LLDP and CDP, the TCP camera ports (80, 554, 8000, 8080, 8100, 8554, 37777), SYNs and handshake-record segments on 443 and 8443, and non-first IPv4 fragments, bare and VLAN-tagged. --filter replaces it.

        Runs until --duration has passed, or until SIGINT (Ctrl-C) or SIGTERM, then prints the devices in the same table/--json/--jsonl form as analyze, with the packets dropped by the kernel, the interface and camaudit itself.
        """
    )

    @Argument(help: "The interface to capture on (`ip link` lists them; 'any' for all).")
    var interface: String

    @Option(help: ArgumentHelp("Stop after SECONDS (default: run until Ctrl-C or SIGTERM).", valueName: "SECONDS"))
    var duration: Double?

    @Option(help: ArgumentHelp("BPF filter to capture with instead of the default.", valueName: "BPF"))
    var filter: String?

    @OptionGroup var outputOptions: DeviceOutputOptions

    @Flag(help: "Put the interface in promiscuous mode (a SPAN or mirror port; needs CAP_NET_ADMIN).")
    var promiscuous = false

    @OptionGroup var recording: RecordOptions

    func validate() throws {
        if interface.isEmpty { throw ValidationError("give the interface to capture on (`ip link` lists them)") }
        if let duration, !(duration.isFinite && duration > 0) { throw ValidationError("--duration must be a positive number of seconds") }
        // Checked before anything is opened, against Ethernet (the link of nearly every interface
        // listen is pointed at), so a typo needs no privilege to report. A filter that only fails
        // on the interface's own link type is reported as a usage error when the capture opens.
        if let filter, let problem = CaptureFilter.problem(compiling: filter) {
            throw ValidationError("--filter '\(filter)' does not compile (libpcap: \(problem))")
        }
    }

    func run() async throws {
        let capture: LiveCapture
        do {
            capture = try LiveCapture(options: LiveCapture.Options(interface: interface, filter: filter, promiscuous: promiscuous))
        } catch {
            if error.kind == .filter { throw ValidationError("--filter: \(error.description)") }
            throw RuntimeFailure(description: "listen: \(error.description)")
        }
        for notice in capture.notices { Output.error("camaudit listen: \(notice)") }
        let signals = StopSignals { capture.stop() }
        defer { signals.cancel() }
        let stream = capture.start()
        let until = duration.map { "for \(Self.seconds($0)) s" } ?? "until Ctrl-C or SIGTERM"
        // Always printed, once packets are buffered and signals handled: it tells a log (or a
        // test) that capturing has started.
        Output.error("camaudit listen: listening on \(interface) (link type \(capture.linkType), \(filter == nil ? "default filter" : "filter '\(filter!)'")) \(until); nothing is sent")
        let timer = duration.map { seconds in
            Task {
                try? await Task.sleep(for: .seconds(seconds))
                capture.stop()
            }
        }
        let analyzer = PassiveAnalyzer()
        let started = Date()
        // The status line is redrawn on a timer, so a quiet network still shows it is alive.
        let progress = ListenProgress()
        let ticker = Output.stderrIsTerminal ? Task { [interface] in
            while !Task.isCancelled {
                Output.status(progress.line(interface, statistics: capture.statistics, elapsed: Date().timeIntervalSince(started)))
                try? await Task.sleep(for: .milliseconds(500))
            }
        } : nil
        var packets = 0
        for await packet in stream {
            analyzer.ingest(packet.data, linkType: capture.linkType, time: packet.time, file: interface, packetNumber: packet.number, originalLength: packet.originalLength)
            packets += 1
            progress.update(packets: packets, senders: analyzer.deviceCount)
        }
        timer?.cancel()
        if let ticker {
            ticker.cancel()
            await ticker.value
            Output.clearStatus()
        }

        let elapsed = Date().timeIntervalSince(started)
        let statistics = capture.statistics
        let drops = "dropped: \(statistics.kernelDropped) by the kernel (buffer full), \(statistics.interfaceDropped) by the interface, \(statistics.streamDropped) by camaudit (analysis behind)"
        Output.error("camaudit listen: stopped after \(Self.seconds(elapsed)) s; \(statistics.captured) packets captured, \(drops)")
        if let failure = capture.failure { Output.error("camaudit listen: \(failure)") }

        let counters = analyzer.counters
        let settings = JSONValue.object([
            ("command", .string("listen")), ("filter", .string(filter ?? "default")), ("seconds", .int(Int(elapsed.rounded()))),
            ("kernel_dropped", .int(Int(statistics.kernelDropped))),
        ])
        let recordingTo = recording.record ? PassiveDeviceWriter.Recording(options: recording.inventory, scope: "live capture on \(interface)", settings: settings) : nil
        let writer = PassiveDeviceWriter(command: "listen", output: outputOptions.output(command: "listen"), recording: recordingTo)
        let anyCovered = try writer.write(analyzer, header: { devices, shown in
            "camaudit listen — \(interface), \(Self.seconds(elapsed)) s, \(counters.packets) packets, \(counters.bytes) bytes; \(devices) devices, \(shown) shown (passive: nothing was sent)"
        }, notes: ["Packets \(drops)."])
        if let failure = capture.failure {
            throw RuntimeFailure(description: "listen: the capture ended early: \(failure)")
        }
        if outputOptions.failOnCovered && anyCovered {
            throw CamAuditExit.coveredFound
        }
    }

    static func seconds(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}

/// The counts the status line shows: written by the consumer, read by the status timer.
private final class ListenProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var packets = 0
    private var senders = 0

    func update(packets: Int, senders: Int) {
        lock.lock()
        (self.packets, self.senders) = (packets, senders)
        lock.unlock()
    }

    func line(_ interface: String, statistics: LiveCapture.Statistics, elapsed: TimeInterval) -> String {
        lock.lock()
        defer { lock.unlock() }
        return "\(interface): \(ListenCommand.seconds(elapsed)) s, \(packets) packets, \(senders) senders, \(statistics.totalDropped) dropped"
    }
}
