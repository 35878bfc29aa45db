import Foundation
import Testing
@testable import CamAuditScan

/// A clock that moves only when a sleeper asks it to: sleeping jumps to the deadline, so a
/// limiter's schedule can be read off exactly, without waiting.
final class ManualClock: ScanClock, @unchecked Sendable {
    private let lock = NSLock()
    private var time: Double

    init(_ start: Double = 100) { time = start }

    func now() -> Double { lock.withLock { time } }

    func sleep(until deadline: Double) async {
        lock.withLock { time = max(time, deadline) }
    }

    func advance(_ seconds: Double) { lock.withLock { time += seconds } }
}

@Suite struct RateLimiterTests {
    @Test func bucketSpacesTokensAtTheRate() {
        var bucket = TokenBucket(rate: 5, burst: 1, now: 0)
        let times = (0..<6).map { _ in bucket.reserve(now: 0) }
        #expect(times.map { ($0 * 1000).rounded() } == [0, 200, 400, 600, 800, 1000])
    }

    @Test func bucketAllowsItsBurstThenPaces() {
        var bucket = TokenBucket(rate: 10, burst: 3, now: 0)
        let times = (0..<5).map { _ in bucket.reserve(now: 0) }
        #expect(times.prefix(3).allSatisfy { $0 == 0 })
        #expect(abs(times[3] - 0.1) < 1e-9 && abs(times[4] - 0.2) < 1e-9)
        // An idle bucket refills only up to its burst.
        let later = (0..<4).map { _ in bucket.reserve(now: 10) }
        #expect(later.prefix(3).allSatisfy { $0 == 10 })
        #expect(abs(later[3] - 10.1) < 1e-9)
    }

    @Test func globalCapHoldsAcrossHosts() async {
        let clock = ManualClock()
        let limiter = RateLimiter(globalRate: 100, hostRate: 1000, arpRate: 15, clock: clock)
        let start = clock.now()
        for index in 0..<1000 { await limiter.acquire(host: ScanAddress(ipv4: 0x0A00_0000 + UInt32(index % 50))) }
        // 1000 sends at 100/s with a burst of 10: the last one at (1000 - 10) / 100 s.
        #expect(abs(clock.now() - start - 9.9) < 1e-6)
        #expect(limiter.sendCount == 1000)
    }

    @Test func perHostCapHoldsUnderAHighGlobalCap() async {
        let clock = ManualClock()
        let limiter = RateLimiter(globalRate: 10_000, hostRate: 20, arpRate: 15, clock: clock)
        let host = ScanAddress("10.0.0.9")!
        var times: [Double] = []
        for _ in 0..<42 {
            await limiter.acquire(host: host)
            times.append(clock.now())
        }
        // Burst of 2, then one every 50 ms: no one-second window holds more than 20 + the burst.
        let windowCounts = times.map { start in times.filter { $0 >= start && $0 < start + 1 - 1e-9 }.count }
        #expect(windowCounts.max()! <= 21)
        #expect(abs(times.last! - times.first! - 2.0) < 1e-6)
    }

    @Test func arpCapIsFifteenPerSecond() async {
        let clock = ManualClock()
        let limiter = RateLimiter(globalRate: 300, hostRate: 20, arpRate: 15, clock: clock)
        let start = clock.now()
        for _ in 0..<151 { await limiter.acquireARP() }
        #expect(abs(clock.now() - start - 10) < 1e-6)
    }

    @Test func backoffHalvesOnLossAndRecovers() {
        var backoff = BackoffController()
        var second = 0.0
        /// One window's outcomes inside one second, then the window is judged.
        func window(lost: Int, answered: Int) -> Double? {
            for index in 0..<(lost + answered) {
                _ = backoff.record(lost: index < lost, at: second + Double(index) * 0.01)
            }
            second += 1
            return backoff.evaluate(at: second)
        }
        #expect(window(lost: 5, answered: 5) == 0.5)
        #expect(window(lost: 5, answered: 5) == 0.25)
        for _ in 0..<5 { _ = window(lost: 5, answered: 5) }
        #expect(backoff.scale == 0.1)            // never below the floor
        #expect(window(lost: 0, answered: 20) != nil)
        #expect(abs(backoff.scale - 0.2) < 1e-9)
        #expect(window(lost: 1, answered: 9) == nil)   // 10 % loss: hold
        // Too few outcomes in a window decide nothing.
        #expect(window(lost: 3, answered: 0) == nil)
    }

    @Test func limiterSlowsWhenTransfersTimeOut() async {
        let clock = ManualClock()
        let limiter = RateLimiter(globalRate: 300, hostRate: 20, arpRate: 15, clock: clock)
        for _ in 0..<12 {
            clock.advance(0.11)
            limiter.record(lost: true)
        }
        #expect(limiter.currentGlobalRate == 150)
    }
}

/// A clock that holds every sleeper until the test opens it at a late time, as a stalled
/// machine does with senders whose slots were reserved before the stall.
final class GateClock: ScanClock, @unchecked Sendable {
    private let lock = NSLock()
    private var time: Double = 100
    private var open = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func now() -> Double { lock.withLock { time } }

    var waitingCount: Int { lock.withLock { waiting.count } }

    func sleep(until deadline: Double) async {
        if lock.withLock({ !open }) {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = lock.withLock { () -> Bool in
                    if open { return true }
                    waiting.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
        lock.withLock { time = max(time, deadline) }
    }

    func open(at late: Double) {
        let held = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            open = true
            time = max(time, late)
            defer { waiting = [] }
            return waiting
        }
        for continuation in held { continuation.resume() }
    }
}

@Suite struct LateWakeUpTests {
    /// Four ARP requests reserved slots 125 ms apart, then the machine stalled for two seconds:
    /// they must not all go out the moment it resumes.
    @Test func sendersWokenLateDoNotGoOutTogether() async throws {
        let clock = GateClock()
        let limiter = RateLimiter(globalRate: 1000, hostRate: 1000, arpRate: 8, clock: clock)
        let late = clock.now() + 2
        let times = await withTaskGroup(of: Double.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    await limiter.acquireARP()
                    return clock.now()
                }
            }
            while clock.waitingCount < 4 { try? await Task.sleep(nanoseconds: 1_000_000) }
            clock.open(at: late)
            var times: [Double] = []
            for await time in group { times.append(time) }
            return times
        }
        #expect(times.count == 4)
        #expect(times.filter { $0 == late }.count <= 1, "\(times)")
    }

    @Test func aLateHostSendIsCountedOnce() async {
        let clock = GateClock()
        let limiter = RateLimiter(globalRate: 100, hostRate: 20, arpRate: 8, clock: clock)
        let host = ScanAddress("10.0.0.9")!
        clock.open(at: clock.now())
        for _ in 0..<10 { await limiter.acquire(host: host) }
        #expect(limiter.sendCount == 10)
    }
}
