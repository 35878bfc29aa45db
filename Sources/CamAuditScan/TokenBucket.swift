/// A token bucket in its scheduling form (the generic cell rate algorithm): it hands out the
/// earliest time at which the next send conforms to `rate` per second with bursts of at most
/// `burst`, instead of polling for tokens. Not thread-safe; `RateLimiter` serialises it.
public struct TokenBucket: Sendable {
    public private(set) var rate: Double
    public let burst: Int
    /// When the bucket would be empty again if nothing more were taken ("theoretical arrival time").
    private var theoreticalArrival: Double

    public init(rate: Double, burst: Int = 1, now: Double = 0) {
        precondition(rate > 0 && burst >= 1, "a token bucket needs a positive rate and a burst of at least 1")
        self.rate = rate
        self.burst = burst
        theoreticalArrival = now
    }

    private var interval: Double { 1 / rate }
    private var tolerance: Double { Double(burst - 1) * interval }
    /// How late a reserved send may go out and still keep to the cap on the wire: the time
    /// the bucket takes to refill its burst.
    public var slack: Double { Double(burst) * interval }

    /// The earliest time at or after `now` when one token is available.
    public func earliest(after now: Double) -> Double {
        max(now, theoreticalArrival - tolerance)
    }

    /// Takes one token at `time` (which must be at or after `earliest(after:)`).
    public mutating func take(at time: Double) {
        theoreticalArrival = max(theoreticalArrival, time) + interval
    }

    /// Takes a token as soon as one is free and returns when that is.
    public mutating func reserve(now: Double) -> Double {
        let time = earliest(after: now)
        take(at: time)
        return time
    }

    /// Changes the rate for tokens not yet handed out (back-off and recovery).
    public mutating func setRate(_ newRate: Double) {
        precondition(newRate > 0)
        rate = newRate
    }
}
