/// A problem with one line of an input file, reported as `FILE:LINE: error: …`.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var message: String

    public var description: String { "\(path):\(line): error: \(message)" }
}

/// Reads one file of one kind: detects (or takes) its format and hands each row and each
/// problem on as soon as it is read, so nothing of the file is held beyond one line and the
/// parser's open block.
public enum TableReader {
    /// What a file gave, for the summary line.
    public struct Outcome: Sendable, Equatable {
        public var format: ImportFormat
        public var lines: Int
        public var rows: Int
        public var problems: Int
    }

    /// The file's format, from its first lines (or the forced one once the file opens): lets a
    /// command check every file before it records anything.
    public static func format(path: String, kind: ImportKind, forced: ImportFormat? = nil) throws -> ImportFormat {
        let reader = try LineReader(path: path)
        if let forced { return forced }
        var sample: [String] = []
        while sample.count < FormatDetector.sampleLines, let line = try reader.next() { sample.append(line.text) }
        guard let format = FormatDetector.detect(sample, kind: kind) else { throw ImportError.undetected(path: path, kind: kind) }
        return format
    }

    public static func read(
        path: String, kind: ImportKind, format forced: ImportFormat? = nil, switchName: String? = nil,
        row: (ImportRow) throws -> Void, problem: (ImportProblem) -> Void
    ) throws -> Outcome {
        let reader = try LineReader(path: path)
        // The first lines decide the format; they are kept and parsed like the rest.
        var sample: [(String, Bool)] = []
        while sample.count < FormatDetector.sampleLines, let line = try reader.next() { sample.append(line) }
        let format: ImportFormat
        if let forced {
            format = forced
        } else if let detected = FormatDetector.detect(sample.map(\.0), kind: kind) {
            format = detected
        } else {
            throw ImportError.undetected(path: path, kind: kind)
        }
        var parser = format.parser(switchName: switchName)
        var outcome = Outcome(format: format, lines: 0, rows: 0, problems: 0)
        func handle(_ step: ParseStep, line: Int) throws {
            switch step {
            case .rows(let rows):
                outcome.rows += rows.count
                for item in rows { try row(item) }
            case .nothing:
                break
            case .problem(let message):
                outcome.problems += 1
                problem(ImportProblem(path: path, line: line, message: message))
            }
        }
        var number = 0
        func feed(_ line: (text: String, cut: Bool)) throws {
            number += 1
            if line.cut {
                try handle(.problem("line longer than \(LineReader.maxLineBytes) bytes: skipped"), line: number)
                return
            }
            try handle(parser.feed(line.text, number: number), line: number)
        }
        for line in sample { try feed(line) }
        sample = []
        while let line = try reader.next() { try feed(line) }
        try handle(parser.finish(), line: number)
        outcome.lines = number
        return outcome
    }
}
