import CamAuditEvaluation
import CamAuditMatching
import CamAuditSignatures
import Foundation

/// The whole measurement: the evaluation devices served one per namespace on one LAN, the real
/// `camaudit scan` over that LAN from the scanner's namespace at the default rates, a capture of
/// the scanner's interface meanwhile, `camaudit analyze` of that capture, and both outputs
/// scored against the truth. Everything it builds is removed when it returns, throws or is
/// interrupted (SIGINT, SIGTERM).
public struct ReplayRun {
    public struct Options: Sendable {
        public var evaluationDirectory: String
        /// The `camaudit` binary measured, and the `camaudit-bench` that serves each host.
        public var camaudit: String
        public var bench: String
        public var labTool: String
        /// Hosts file, outputs, capture and server logs go here (kept for a look afterwards).
        public var workDirectory: String
        /// Device keys (`file#device`) or record ids to replay; all devices when nil.
        public var only: Set<String>?
        public var labName: String

        public init(evaluationDirectory: String, camaudit: String, bench: String, labTool: String, workDirectory: String,
                    only: Set<String>? = nil, labName: String = "rp\(getpid() % 100_000)") {
            self.evaluationDirectory = evaluationDirectory
            self.camaudit = camaudit
            self.bench = bench
            self.labTool = labTool
            self.workDirectory = workDirectory
            self.only = only
            self.labName = labName
        }
    }

    public struct Result: Sendable {
        public var plan: ReplayPlan
        public var scan: AccuracyScorer.Report
        public var analyze: AccuracyScorer.Report
        /// The served records classified offline: the ceiling the two commands are measured against.
        public var offline: AccuracyScorer.Report
        /// The same three, each device classified with the table its source is held out of.
        public var scanHeldOut: AccuracyScorer.Report
        public var analyzeHeldOut: AccuracyScorer.Report
        public var offlineHeldOut: AccuracyScorer.Report
        public var scanSeconds: Double
        public var scanOutput: String
        public var analyzeOutput: String
        public var capture: String
    }

    /// The evaluation set and the corpus: examples cite records of both, so holding a source
    /// out needs to know every record's source.
    static func corpusPath(beside evaluation: String) -> String {
        let root = URL(fileURLWithPath: evaluation).standardizedFileURL.deletingLastPathComponent()
        return root.appendingPathComponent("corpus/corpus.jsonl").path
    }

    public static func loadRecords(_ directory: String) throws -> [LabelledRecord] {
        var records: [LabelledRecord] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory).filter({ $0.hasSuffix(".jsonl") }).sorted() {
            records += try LabelledRecordReader.read(path: (directory as NSString).appendingPathComponent(name)).records
        }
        return records
    }

    public static func plan(_ options: Options) throws -> ReplayPlan {
        let directory = options.evaluationDirectory
        return ReplayPlan.make(try loadRecords(directory), notes: try ReplayNotes.load(directory: directory), only: options.only)
    }

    public static func run(_ options: Options, progress: (String) -> Void = { _ in }) throws -> Result {
        let plan = try plan(options)
        guard !plan.scannable.isEmpty else { throw ReplayError("no scannable device to replay") }
        let work = options.workDirectory
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let hostsFile = work + "/hosts.jsonl", capture = work + "/scan.pcap"
        let scanOutput = work + "/scan.jsonl", analyzeOutput = work + "/analyze.jsonl"
        let scanInventory = work + "/scan.sqlite", analyzeInventory = work + "/analyze.sqlite"
        for file in [capture, scanOutput, analyzeOutput, scanInventory, analyzeInventory] {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
        }
        // Each host appends to its request log: an earlier run's lines would read as this run's.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: work)) ?? [] where name.hasSuffix(".requests.jsonl") {
            try? FileManager.default.removeItem(atPath: work + "/" + name)
        }
        try hostsLines(plan, options: options).joined(separator: "\n").write(toFile: hostsFile, atomically: true, encoding: .utf8)

        progress("starting \(plan.scannable.count) replayed hosts in namespaces (lab \(options.labName))")
        let lab = try ReplayLab.up(name: options.labName, tool: options.labTool, hostsFile: hostsFile, capture: capture)
        let guardSignals = TeardownOnSignal { lab.down() }
        defer {
            lab.down()
            guardSignals.cancel()
        }
        progress("scanning \(plan.targets.joined(separator: " ")) from \(lab.scannerNamespace), capturing to \(capture)")
        let started = Date()
        // --record keeps every observation (the JSON lists only what matched), for the held-out figures.
        let scan = try lab.runInScanner([options.camaudit, "scan"] + plan.targets
                                        + ["--all", "--jsonl", scanOutput, "--record", "--db", scanInventory, "--site", "replay"])
        let scanSeconds = Date().timeIntervalSince(started)
        guard scan.status == 0 || scan.status == 1 else { throw ReplayError("camaudit scan exited \(scan.status): \(scan.stderr.suffix(2000))") }
        lab.down()

        progress("analyzing the capture")
        let analyze = try ReplayCommand.run(options.camaudit, ["analyze", capture, "--all", "--jsonl", analyzeOutput,
                                                               "--record", "--db", analyzeInventory, "--site", "replay"])
        guard analyze.status == 0 || analyze.status == 1 else { throw ReplayError("camaudit analyze exited \(analyze.status): \(analyze.stderr.suffix(2000))") }

        let table = BuiltInSignatures.table
        let full = DeviceClassifier(table: table)
        let corpus = (try? LabelledRecordReader.read(path: corpusPath(beside: options.evaluationDirectory)).records) ?? []
        let holdOut = LeaveOneSourceOut(set: BuiltInSignatures.set, citedRecords: corpus + (try loadRecords(options.evaluationDirectory)))
        let classifierFor: (String) -> DeviceClassifier = { source in (try? holdOut.classifier(heldOut: source)) ?? full }
        let scanHeldOutStored = try ReplayHeldOut.findings(inventory: scanInventory, plan: plan, classifierFor: classifierFor)
        let analyzeHeldOutStored = try ReplayHeldOut.findings(inventory: analyzeInventory, plan: plan, classifierFor: classifierFor)
        let scanFound = ReplayFinding.byAddress(jsonl: try String(contentsOfFile: scanOutput, encoding: .utf8))
        let analyzeFound = ReplayFinding.byAddress(jsonl: try String(contentsOfFile: analyzeOutput, encoding: .utf8))
        // The inventory leaves out hosts that answered nothing but ARP and stayed unknown; a
        // smaller table names no more than the whole, so they keep the command's own finding.
        let scanHeldOut = scanFound.filter { $0.value.covered != true }.merging(scanHeldOutStored) { _, stored in stored }
        let analyzeHeldOut = analyzeFound.filter { $0.value.covered != true }.merging(analyzeHeldOutStored) { _, stored in stored }
        return Result(
            plan: plan,
            scan: ReplayScorer.score(plan.scannable, found: scanFound, table: table),
            analyze: ReplayScorer.score(plan.scannable, found: analyzeFound, table: table),
            offline: ReplayScorer.offline(plan.scannable) { _ in full },
            scanHeldOut: ReplayScorer.score(plan.scannable, found: scanHeldOut, table: table),
            analyzeHeldOut: ReplayScorer.score(plan.scannable, found: analyzeHeldOut, table: table),
            offlineHeldOut: ReplayScorer.offline(plan.scannable, classifierFor: classifierFor),
            scanSeconds: scanSeconds, scanOutput: scanOutput, analyzeOutput: analyzeOutput, capture: capture)
    }

    /// fleet-lab's hosts file: each host served by `camaudit-bench replay-serve` in its namespace.
    static func hostsLines(_ plan: ReplayPlan, options: Options) throws -> [String] {
        let directory = URL(fileURLWithPath: options.evaluationDirectory).standardizedFileURL.path
        return try plan.scannable.map { device in
            let command = [options.bench, "replay-serve", "--evaluation", directory, "--device", device.key,
                           "--address", device.address, "--index", String(device.index),
                           "--log", options.workDirectory + "/\(device.host.device.name).requests.jsonl"]
            let object: [String: Any] = ["name": device.host.device.name, "ip": device.address, "mac": device.host.device.mac,
                                         "device": device.key, "command": command]
            return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
    }
}

/// Tears the lab down when SIGINT or SIGTERM arrives, then exits the way the signal would have.
final class TeardownOnSignal: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []

    init(_ teardown: @escaping @Sendable () -> Void) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                teardown()
                signal(number, SIG_DFL)
                kill(getpid(), number)
            }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        for number in [SIGINT, SIGTERM] { signal(number, SIG_DFL) }
    }
}
