/// What one line (or the end of the file) gave: rows, nothing, or a problem to report with the
/// file and line. Parsers never guess: a line they cannot read is a problem, and the next line
/// is read as if it had not been there.
public enum ParseStep: Sendable, Equatable {
    case rows([ImportRow])
    case nothing
    case problem(String)
}

/// A streaming parser of one format: it sees each line once and keeps at most one open block
/// (a lease, a neighbour), so its memory does not grow with the file.
protocol TableParser {
    mutating func feed(_ line: String, number: Int) -> ParseStep
    /// Called once at the end: a block still open is finished (or reported).
    mutating func finish() -> ParseStep
}

extension TableParser {
    mutating func finish() -> ParseStep { .nothing }
}
