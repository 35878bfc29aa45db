import Foundation

/// The scan's send budget: a global cap on packets and connection attempts, a per-host cap,
/// and a cap on ARP requests (new on-link addresses). Every send site waits here first.
public final class RateLimiter: @unchecked Sendable {
    public let clock: any ScanClock
    private let lock = NSLock()
    private let configuredRate: Double
    private let hostRate: Double
    private var global: TokenBucket
    private var perHost: [ScanAddress: TokenBucket] = [:]
    private var arp: TokenBucket
    private var backoff = BackoffController()
    private var sent = 0

    /// Bursts are kept small (a tenth of a second's worth, at least 1): the caps exist so that
    /// switches and old cameras never see a spike.
    public init(globalRate: Double, hostRate: Double, arpRate: Double, clock: any ScanClock = SystemScanClock()) {
        self.clock = clock
        let now = clock.now()
        configuredRate = globalRate
        self.hostRate = hostRate
        global = TokenBucket(rate: globalRate, burst: max(1, Int(globalRate / 10)), now: now)
        arp = TokenBucket(rate: arpRate, burst: 1, now: now)
    }

    /// Waits until one packet or connection attempt to `host` fits both the global and the
    /// host's cap, and takes it from both.
    public func acquire(host: ScanAddress) async {
        var counted = false
        while true {
            let (start, slack): (Double, Double) = lock.withLock {
                let now = clock.now()
                var bucket = perHost[host] ?? TokenBucket(rate: hostRate, burst: max(1, Int(hostRate / 10)), now: now)
                let time = max(global.earliest(after: now), bucket.earliest(after: now))
                global.take(at: time)
                bucket.take(at: time)
                perHost[host] = bucket
                if !counted { sent += 1 }
                return (time, min(global.slack, bucket.slack))
            }
            counted = true
            if await sleptOnTime(until: start, slack: slack) { return }
        }
    }

    /// Waits for one ARP request (or one new on-link address the kernel will resolve).
    public func acquireARP() async {
        while true {
            let (start, slack) = lock.withLock { (arp.reserve(now: clock.now()), arp.slack) }
            if await sleptOnTime(until: start, slack: slack) { return }
        }
    }

    /// Sleeps until a reserved slot. Slots are reserved ahead, so a sender that wakes late (a
    /// loaded machine) would go out together with the slots after its own, past the cap on
    /// the wire; such a sender gives its slot up and reserves a new one from now instead.
    private func sleptOnTime(until start: Double, slack: Double) async -> Bool {
        await clock.sleep(until: start)
        return clock.now() - start <= slack
    }

    /// Forgets a finished host's bucket so memory stays bounded on large scopes.
    public func finished(host: ScanAddress) {
        _ = lock.withLock { perHost.removeValue(forKey: host) }
    }

    /// Feeds the back-off: `lost` when an accepted connection or transfer then timed out.
    public func record(lost: Bool) {
        lock.withLock {
            if let scale = backoff.record(lost: lost, at: clock.now()) {
                global.setRate(configuredRate * scale)
            }
        }
    }

    /// The global rate in force now (lower than configured while backing off).
    public var currentGlobalRate: Double { lock.withLock { global.rate } }

    /// Packets and connection attempts handed out so far.
    public var sendCount: Int { lock.withLock { sent } }
}
