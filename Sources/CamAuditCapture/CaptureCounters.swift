/// What the analysis read and what it could not use: reported so that a quiet result can be
/// told apart from a capture that was mostly unreadable.
public struct CaptureCounters: Sendable, Equatable {
    public var files = 0
    public var packets = 0
    /// Captured bytes (caplen), not wire lengths.
    public var bytes = 0
    /// Packets whose captured part was shorter than on the wire (snaplen).
    public var truncatedPackets = 0
    /// Exchanges handed to a dissector, and the observations they gave.
    public var dissected = 0
    public var observations = 0
    /// Payloads identical to one the same sender already sent, not dissected again.
    public var repeatsSkipped = 0
    /// Headers that could not be decoded and payloads a dissector rejected, by kind
    /// (`ipv4.bad-header-length`, `dissect.http`, …).
    public var decodeErrors: [String: Int] = [:]
    public var tcpFlowsEvicted = 0
    public var fragmentsDropped = 0
    /// Senders not tracked because the device table was full, and observations not kept
    /// because the evidence budget was spent (`PassiveAnalyzer.Options`).
    public var devicesDropped = 0
    public var observationsDropped = 0

    public var totalDecodeErrors: Int { decodeErrors.values.reduce(0, +) }

    mutating func error(_ kind: String) {
        decodeErrors[kind, default: 0] += 1
    }
}
