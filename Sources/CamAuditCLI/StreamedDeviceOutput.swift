import CamAuditCapture
import CamAuditModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `DeviceReportOutput` for reports handed over one at a time, in device-key order
/// (`PassiveAnalyzer.finishEach`): each shown device's JSON goes as soon as it is made to an
/// unlinked scratch file for its verdict, and only its table row stays in memory. The outputs
/// list covered devices first, then by key, so each verdict's file is already in order and the
/// outputs are those files one after another: a file destination gets them copied by the
/// kernel, with no second pass of every device's JSON through this process. Byte for byte what
/// `DeviceReportOutput.write` writes from reports held in memory.
struct StreamedDeviceOutput {
    /// The devices of one verdict, in key order: their JSON in an unlinked scratch file, the
    /// last MiB of it still in `unwritten` (a stdio buffer's 4 KiB made 20,000 writes for a
    /// 100,000-sender capture).
    private struct Section {
        var scratch: Int32 = -1
        var size = 0
        var unwritten: [UInt8] = []
        var rows: [String] = []
        var hasEntries: Bool { size > 0 }
    }

    private static let scratchChunk = 1 << 20

    let output: DeviceReportOutput
    /// Indexed by verdict severity, most serious last.
    private var sections = [Section](repeating: Section(), count: Verdict.allCases.count)
    /// Written between two devices in the scratch files: the JSONL line break when JSONL is
    /// asked for, since that output then copies the files unchanged; a JSON array's comma else.
    private let scratchSeparator: UInt8
    private var lastKey: DeviceKey?
    private(set) var devices = 0
    private(set) var covered = 0
    private(set) var likely = 0
    private(set) var shown = 0

    init(output: DeviceReportOutput) {
        self.output = output
        scratchSeparator = output.jsonl != nil ? UInt8(ascii: "\n") : UInt8(ascii: ",")
    }

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

    mutating func add(_ prepared: Prepared) throws {
        // Each verdict's file is in order only if the devices come in key order.
        if let lastKey { precondition(lastKey < prepared.key, "StreamedDeviceOutput: devices must come in device-key order") }
        lastKey = prepared.key
        devices += 1
        guard prepared.shown else { return }
        shown += 1
        if prepared.verdict == .covered { covered += 1 }
        if prepared.verdict == .likelyCovered { likely += 1 }
        let index = prepared.verdict.severity
        sections[index].rows.append(prepared.row)
        guard output.json != nil || output.jsonl != nil else { return }
        if sections[index].scratch < 0 {
            sections[index].scratch = try Self.scratchFile(command: output.command)
            sections[index].unwritten.reserveCapacity(Self.scratchChunk + 64 << 10)
        }
        if sections[index].hasEntries {
            sections[index].unwritten.append(scratchSeparator)
            sections[index].size += 1
        }
        sections[index].unwritten.append(contentsOf: prepared.json)
        sections[index].size += prepared.json.count
        if sections[index].unwritten.count >= Self.scratchChunk { try writeUnwritten(index) }
    }

    private mutating func writeUnwritten(_ index: Int) throws {
        let descriptor = sections[index].scratch
        guard sections[index].unwritten.withUnsafeBytes({ Output.writeAll(descriptor, $0) }) else { throw scratchFailure() }
        sections[index].unwritten.removeAll(keepingCapacity: true)
    }

    /// Writes the outputs and closes the scratch files.
    mutating func finish(header: String, counters: CaptureCounters, notes: [String] = []) throws {
        defer {
            for index in sections.indices where sections[index].scratch >= 0 {
                close(sections[index].scratch)
                sections[index].scratch = -1
            }
        }
        for index in sections.indices where sections[index].scratch >= 0 { try writeUnwritten(index) }
        if let json = output.json {
            try write(to: json, opening: "[", separator: UInt8(ascii: ","), closing: "]")
        }
        if let jsonl = output.jsonl {
            try write(to: jsonl, opening: nil, separator: UInt8(ascii: "\n"), closing: nil)
        }
        if output.json != "-" && output.jsonl != "-" {
            let rows = sections.reversed().flatMap(\.rows)
            output.printTable(rows: rows, covered: covered, likely: likely, header: header, counters: counters, notes: notes)
        }
        Output.flush()
    }

    /// The scratch files, most serious verdict first, between `opening` and `closing`, as
    /// `Output.writeStreamed` writes the devices' texts joined by `separator`. A file that takes
    /// the scratch files unchanged gets them copied by the kernel.
    private func write(to destination: String, opening: String?, separator: UInt8, closing: String?) throws {
        let filled = sections.reversed().filter(\.hasEntries)
        let copy = separator == scratchSeparator ? ScratchCopy.unchanged : .replacing(scratchSeparator, with: separator)
        func frame(_ emit: (UnsafeRawBufferPointer) throws -> Void, _ copySection: (Section) throws -> Void) throws {
            if let opening { try Array(opening.utf8).withUnsafeBytes { try emit($0) } }
            for (position, section) in filled.enumerated() {
                if position > 0 { try [separator].withUnsafeBytes { try emit($0) } }
                try copySection(section)
            }
            if let closing { try Array(closing.utf8).withUnsafeBytes { try emit($0) } }
        }
        if destination != "-", copy == .unchanged {
            try ScratchCopy.toFile(destination, command: output.command) { emit, kernelCopy in
                try frame(emit) { try kernelCopy($0.scratch, $0.size) }
            }
        } else {
            try Output.writeStreamed(to: destination, command: output.command) { emit in
                try frame(emit) { try copy.stream($0.scratch, size: $0.size, command: output.command, emit) }
            }
        }
    }

    private func scratchFailure() -> RuntimeFailure {
        RuntimeFailure(description: "\(output.command): cannot write the scratch file: \(String(cString: strerror(errno))); check the free space in TMPDIR")
    }

    private static func scratchFile(command: String) throws -> Int32 {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-devices-\(UUID().uuidString)").path
        let file = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard file >= 0 else {
            throw RuntimeFailure(description: "\(command): cannot create a scratch file in \(FileManager.default.temporaryDirectory.path): \(String(cString: strerror(errno))); set TMPDIR to a writable directory")
        }
        // Unlinked at once: nothing is left behind, whatever happens to the process.
        unlink(path)
        return file
    }
}
