import ArgumentParser
import CamAuditCapture
import CamAuditModel
import Foundation

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Identify cameras and recorders in pcap/pcapng capture files, passively (reads files only; sends nothing).",
        discussion: """
        Decodes Ethernet (802.1Q/802.1ad), Linux SLL/SLL2 and raw IP captures; reads SADP, DHIP,
        Dahua 5050, WS-Discovery, SSDP, DHCP and DNS datagrams, layer-2 SADP frames, and the first
        16 KiB of HTTP, RTSP, TCP/8000 and TCP/37777 server streams. Evidence is attributed to the
        device that sent it (by MAC, else IP) and classified like `camaudit classify`.

        The table lists devices with a verdict other than unknown (all with --all), covered first.
        --json writes one JSON array and --jsonl one line per device (same devices as the table);
        each has ip, mac, the classify fields, first_seen and last_seen.
        """
    )

    @Argument(help: "pcap or pcapng files to read ('-' for standard input).")
    var files: [String] = []

    @OptionGroup var outputOptions: DeviceOutputOptions

    @OptionGroup var recording: RecordOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one capture file (pcap or pcapng)") }
    }

    func run() throws {
        let analyzer = PassiveAnalyzer()
        let showProgress = isatty(2) == 1
        let started = Date()
        var warnings: [String] = []
        for path in files {
            var lastReport = Date.distantPast
            let fileStarted = Date()
            do {
                let readError = try analyzer.analyze(path: path, progress: showProgress ? { progress in
                    let now = Date()
                    guard now.timeIntervalSince(lastReport) >= 0.25 || progress.bytesRead >= progress.fileSize else { return }
                    lastReport = now
                    Self.progressLine(progress, elapsed: now.timeIntervalSince(fileStarted))
                } : nil)
                if showProgress { Output.clearStatus() }
                if let readError { warnings.append("warning: \(readError.description)") }
            } catch {
                if showProgress { Output.clearStatus() }
                throw RuntimeFailure(description: "analyze: \(error.description)")
            }
        }
        for warning in warnings { Output.error("camaudit analyze: \(warning)") }
        // The rate covers reading and decoding, not compiling the signature table in finish().
        let elapsed = Date().timeIntervalSince(started)
        let counters = analyzer.counters
        let rate = elapsed > 0 ? Int(Double(counters.packets) / elapsed) : counters.packets
        let recordingTo = recording.record ? PassiveDeviceWriter.Recording(
            options: recording.inventory, scope: "capture files: " + files.joined(separator: ", "),
            settings: .object([("command", .string("analyze")), ("packets", .int(counters.packets))])) : nil
        let writer = PassiveDeviceWriter(command: "analyze", output: outputOptions.output(command: "analyze"), recording: recordingTo)
        let anyCovered = try writer.write(analyzer) { devices, shown in
            "camaudit analyze — \(counters.files) file(s), \(counters.packets) packets, \(counters.bytes) bytes, \(rate) packets/s; \(devices) devices, \(shown) shown (passive: nothing was sent)"
        }
        if outputOptions.failOnCovered && anyCovered {
            throw CamAuditExit.coveredFound
        }
    }

    private static func progressLine(_ progress: PassiveAnalyzer.Progress, elapsed: TimeInterval) {
        let done = Double(progress.bytesRead) / 1_048_576
        let size = Double(progress.fileSize) / 1_048_576
        let rate = elapsed > 0 ? Int(Double(progress.packets) / elapsed) : 0
        let name = (progress.path as NSString).lastPathComponent
        Output.status("\(name): \(String(format: "%.1f", done)) / \(String(format: "%.1f", size)) MiB, \(progress.packets) packets, \(rate) packets/s")
    }
}
