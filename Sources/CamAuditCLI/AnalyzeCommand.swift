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

    @Option(help: ArgumentHelp("Write the devices as one JSON array to FILE ('-' for standard output).", valueName: "FILE"))
    var json: String?

    @Option(help: ArgumentHelp("Write one JSON line per device to FILE ('-' for standard output).", valueName: "FILE"))
    var jsonl: String?

    @Flag(help: "Also list devices whose maker is unknown.")
    var all = false

    @Flag(help: "Exit with status 1 when a covered or likely-covered device is found.")
    var failOnCovered = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one capture file (pcap or pcapng)") }
        if json == "-" && jsonl == "-" { throw ValidationError("--json - and --jsonl - cannot both write to standard output") }
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
                if showProgress { Self.writeStderr("\r\u{1B}[K") }
                if let readError { warnings.append("warning: \(readError.description)") }
            } catch {
                if showProgress { Self.writeStderr("\r\u{1B}[K") }
                throw RuntimeFailure(description: "analyze: \(error.description)")
            }
        }
        for warning in warnings { Output.error("camaudit analyze: \(warning)") }
        // The rate covers reading and decoding, not compiling the signature table in finish().
        let elapsed = Date().timeIntervalSince(started)
        let reports = analyzer.finish()
        let shown = reports.filter { all || $0.classification.verdict != .unknown }

        if let json {
            let text = JSONValue.array(shown.map { $0.json() }).serialized()
            try emit(text, to: json)
        }
        if let jsonl {
            let text = shown.map { $0.json().serialized() }.joined(separator: "\n")
            try emit(text, to: jsonl)
        }
        if json != "-" && jsonl != "-" {
            printTable(shown, total: reports.count, counters: analyzer.counters, elapsed: elapsed)
        }
        Output.flush()
        if failOnCovered && reports.contains(where: { $0.classification.verdict.coveredFlag == true }) {
            throw CamAuditExit.coveredFound
        }
    }

    private func emit(_ text: String, to destination: String) throws {
        if destination == "-" {
            if !text.isEmpty { Output.line(text) }
            return
        }
        do {
            try Data((text.isEmpty ? "" : text + "\n").utf8).write(to: URL(fileURLWithPath: destination))
        } catch {
            throw RuntimeFailure(description: "analyze: cannot write \(destination): \(error.localizedDescription)")
        }
    }

    private func printTable(_ shown: [DeviceReport], total: Int, counters: CaptureCounters, elapsed: TimeInterval) {
        let rate = elapsed > 0 ? Int(Double(counters.packets) / elapsed) : counters.packets
        Output.line("camaudit analyze — \(counters.files) file(s), \(counters.packets) packets, \(counters.bytes) bytes, \(rate) packets/s; \(total) senders, \(shown.count) shown (passive: nothing was sent)")
        Output.line("")
        if shown.isEmpty {
            Output.line(all ? "No devices in the capture." : "No device whose maker could be identified (--all lists every sender).")
        } else {
            Output.line("\("MAC".padding(18)) \("IP".padding(16)) \("VERDICT".padding(15)) \("MAKER".padding(10)) \("BRAND".padding(10)) \("MODEL".padding(20)) \("TYPE".padding(15)) CONF")
            for report in shown {
                let identity = report.classification.identity
                let mac = report.mac?.description ?? identity.mac ?? "-"
                let ip = report.addresses.first.map { report.addresses.count > 1 ? "\($0)+\(report.addresses.count - 1)" : $0.description } ?? "-"
                Output.line("\(mac.padding(18)) \(ip.padding(16)) \(report.classification.verdict.rawValue.padding(15)) \((identity.maker ?? "-").padding(10)) \((identity.brand ?? "-").padding(10)) \((identity.model ?? "-").padding(20)) \((identity.deviceType?.rawValue ?? "-").padding(15)) \(identity.confidence)")
            }
        }
        let covered = shown.filter { $0.classification.verdict == .covered }.count
        let likely = shown.filter { $0.classification.verdict == .likelyCovered }.count
        Output.line("")
        Output.line("\(covered) covered, \(likely) likely covered. Evidence was seen passively; details: --jsonl - .")
        if counters.totalDecodeErrors > 0 || counters.truncatedPackets > 0 || counters.tcpFlowsEvicted > 0 {
            let kinds = counters.decodeErrors.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            Output.line("Not decoded: \(counters.totalDecodeErrors)\(kinds.isEmpty ? "" : " (\(kinds))"); snaplen-cut packets: \(counters.truncatedPackets); TCP flows evicted: \(counters.tcpFlowsEvicted).")
        }
    }

    private static func progressLine(_ progress: PassiveAnalyzer.Progress, elapsed: TimeInterval) {
        let done = Double(progress.bytesRead) / 1_048_576
        let size = Double(progress.fileSize) / 1_048_576
        let rate = elapsed > 0 ? Int(Double(progress.packets) / elapsed) : 0
        let name = (progress.path as NSString).lastPathComponent
        writeStderr("\r\u{1B}[K\(name): \(String(format: "%.1f", done)) / \(String(format: "%.1f", size)) MiB, \(progress.packets) packets, \(rate) packets/s")
    }

    /// A progress line without a newline; Output.error always ends the line.
    private static func writeStderr(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
