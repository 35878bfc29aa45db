import CamAuditCapture
import CamAuditModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `DeviceReportOutput` for reports handed over one at a time (`PassiveAnalyzer.finishEach`):
/// each shown device's JSON goes to an unlinked scratch file as soon as it is made, and only
/// its sort key, its place in that file and its table row stay in memory. The outputs are then
/// written in the usual order (covered first, then by key), byte for byte what
/// `DeviceReportOutput.write` writes from reports held in memory.
struct StreamedDeviceOutput {
    private struct Entry {
        var severity: Int
        var key: DeviceKey
        var offset: Int
        var length: Int
        var row: String
    }

    let output: DeviceReportOutput
    private var entries: [Entry] = []
    private var scratch: UnsafeMutablePointer<FILE>?
    private var scratchSize = 0
    private(set) var devices = 0
    private(set) var covered = 0
    private(set) var likely = 0

    init(output: DeviceReportOutput) throws {
        self.output = output
        guard output.json != nil || output.jsonl != nil else { return }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-devices-\(UUID().uuidString)").path
        guard let file = fopen(path, "w+") else {
            throw RuntimeFailure(description: "\(output.command): cannot create a scratch file in \(FileManager.default.temporaryDirectory.path): \(String(cString: strerror(errno))); set TMPDIR to a writable directory")
        }
        // Unlinked at once: nothing is left behind, whatever happens to the process.
        unlink(path)
        scratch = file
    }

    var shown: Int { entries.count }

    /// What the output needs of one device, made on any thread (`PassiveAnalyzer.finishEach`).
    struct Prepared: Sendable {
        var verdict: Verdict
        var key: DeviceKey
        var shown: Bool
        var json: [UInt8]
        var row: String
    }

    static func prepare(_ report: DeviceReport, for output: DeviceReportOutput) -> Prepared {
        let verdict = report.classification.verdict
        let shown = output.shows(report)
        let wantsJSON = shown && (output.json != nil || output.jsonl != nil)
        return Prepared(
            verdict: verdict, key: report.key, shown: shown,
            json: wantsJSON ? report.jsonBytes() : [],
            row: shown ? DeviceReportOutput.tableRow(report) : "")
    }

    mutating func add(_ report: DeviceReport) throws {
        try add(Self.prepare(report, for: output))
    }

    mutating func add(_ prepared: Prepared) throws {
        devices += 1
        guard prepared.shown else { return }
        if prepared.verdict == .covered { covered += 1 }
        if prepared.verdict == .likelyCovered { likely += 1 }
        var entry = Entry(severity: prepared.verdict.severity, key: prepared.key, offset: scratchSize, length: 0, row: prepared.row)
        if let scratch {
            let bytes = prepared.json
            guard bytes.withUnsafeBytes({ fwrite($0.baseAddress, 1, $0.count, scratch) }) == bytes.count else {
                throw RuntimeFailure(description: "\(output.command): cannot write the scratch file: \(String(cString: strerror(errno))); check the free space in TMPDIR")
            }
            entry.length = bytes.count
            scratchSize += bytes.count
        }
        entries.append(entry)
    }

    /// Writes the outputs and closes the scratch file.
    mutating func finish(header: String, counters: CaptureCounters, notes: [String] = []) throws {
        defer {
            if let scratch { fclose(scratch) }
            scratch = nil
        }
        entries.sort { lhs, rhs in
            lhs.severity != rhs.severity ? lhs.severity > rhs.severity : lhs.key < rhs.key
        }
        if scratch != nil, fflush(scratch) != 0 {
            throw RuntimeFailure(description: "\(output.command): cannot write the scratch file: \(String(cString: strerror(errno))); check the free space in TMPDIR")
        }
        if let json = output.json {
            try write(to: json, opening: "[", separator: ",", closing: "]")
        }
        if let jsonl = output.jsonl {
            try write(to: jsonl, opening: nil, separator: "\n", closing: nil)
        }
        if output.json != "-" && output.jsonl != "-" {
            output.printTable(rows: entries.map(\.row), covered: covered, likely: likely, header: header, counters: counters, notes: notes)
        }
        Output.flush()
    }

    /// The devices' JSON texts in order, as `Output.writeText` writes them joined.
    private func write(to destination: String, opening: String?, separator: String, closing: String?) throws {
        // One buffer for every device's JSON, grown to the longest.
        var piece = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 1)
        defer { piece.deallocate() }
        let separatorBytes = Array(separator.utf8)
        try Output.writeStreamed(to: destination, command: output.command) { emit in
            func emitText(_ text: String) throws { try Array(text.utf8).withUnsafeBytes { try emit($0) } }
            if let opening { try emitText(opening) }
            for (index, entry) in entries.enumerated() {
                if index > 0 { try separatorBytes.withUnsafeBytes { try emit($0) } }
                if entry.length > piece.count {
                    piece.deallocate()
                    piece = .allocate(byteCount: entry.length, alignment: 1)
                }
                let bytes = UnsafeMutableRawBufferPointer(rebasing: piece[0..<entry.length])
                try readBack(entry, into: bytes)
                try emit(UnsafeRawBufferPointer(bytes))
            }
            if let closing { try emitText(closing) }
        }
    }

    /// One device's JSON from the scratch file. pread, not fseek and fread: a seek drops the
    /// FILE's buffer every time.
    private func readBack(_ entry: Entry, into bytes: UnsafeMutableRawBufferPointer) throws {
        guard let scratch, entry.length > 0, let base = bytes.baseAddress else { return }
        var done = 0
        while done < entry.length {
            let got = pread(fileno(scratch), base + done, entry.length - done, off_t(entry.offset + done))
            guard got > 0 else {
                throw RuntimeFailure(description: "\(output.command): cannot read back the scratch file: \(got < 0 ? String(cString: strerror(errno)) : "it ended early"); check TMPDIR")
            }
            done += got
        }
    }
}
