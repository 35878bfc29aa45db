/// A device's identity with its ban-list verdict: what every report and output reads.
public struct Classification: Sendable, Hashable, Codable {
    public var identity: Identity
    public var verdict: Verdict
    /// The lists under which the maker is named, with the reason for each.
    public var findings: [ListFinding]
    /// One sentence a board member can read.
    public var summary: String

    public init(identity: Identity, verdict: Verdict, findings: [ListFinding], summary: String) {
        self.identity = identity
        self.verdict = verdict
        self.findings = findings
        self.summary = summary
    }

    public var listIDs: [String] { findings.map(\.listID) }
}

/// Why one list applies to a device's maker, worded as banlists.md §5 asks.
public struct ListFinding: Sendable, Hashable, Codable {
    public var listID: String
    /// What the list means for this maker (layer A fact plus layer B condition).
    public var statement: String

    public init(listID: String, statement: String) {
        self.listID = listID
        self.statement = statement
    }
}
