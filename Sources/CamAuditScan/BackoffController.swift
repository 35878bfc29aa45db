/// Slows the global rate when answers start going missing and recovers it when they come back
/// (additive increase, multiplicative decrease, judged once per window).
///
/// "Lost" means a peer that had accepted a connection then failed to answer in time (a read
/// time-out, an HTTP transfer time-out). Connection attempts that time out do not count:
/// firewalls drop SYNs to closed ports on purpose, and that is not congestion.
public struct BackoffController: Sendable {
    /// Window length in seconds.
    public var window = 1.0
    /// Fewer outcomes than this in a window say nothing either way.
    public var minimumSamples = 8
    /// Loss above this share halves the rate.
    public var lossThreshold = 0.2
    /// The rate never drops below this share of the configured one.
    public var floor = 0.1
    /// Recovery per clean window, as a share of the configured rate.
    public var recoveryStep = 0.1

    /// The share of the configured rate in force, `floor…1`.
    public private(set) var scale = 1.0
    private var windowStart: Double?
    private var answered = 0
    private var lost = 0

    public init() {}

    /// Records one outcome at `time`; returns the new scale when a window closed and it changed.
    public mutating func record(lost wasLost: Bool, at time: Double) -> Double? {
        let change = evaluate(at: time)
        if windowStart == nil { windowStart = time }
        if wasLost { lost += 1 } else { answered += 1 }
        return change
    }

    /// Closes the current window if it has run its length, judging only what it holds.
    public mutating func evaluate(at time: Double) -> Double? {
        guard let start = windowStart, time - start >= window else { return nil }
        let total = answered + lost
        let previous = scale
        if total >= minimumSamples {
            let loss = Double(lost) / Double(total)
            if loss > lossThreshold {
                scale = max(floor, scale / 2)
            } else if loss < lossThreshold / 4 {
                scale = min(1, scale + recoveryStep)
            }
        }
        windowStart = nil
        answered = 0
        lost = 0
        return scale == previous ? nil : scale
    }
}
