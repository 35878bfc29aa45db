#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic time for the rate limiter, replaceable in tests by a clock that only moves when told.
public protocol ScanClock: Sendable {
    /// Seconds since an arbitrary origin; never goes backwards.
    func now() -> Double
    /// Suspends until `now() >= deadline`.
    func sleep(until deadline: Double) async
}

/// CLOCK_MONOTONIC and Task.sleep.
public struct SystemScanClock: ScanClock {
    public init() {}

    public func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1_000_000_000
    }

    public func sleep(until deadline: Double) async {
        let delay = deadline - now()
        guard delay > 0 else { return }
        try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
    }
}
