/// The one door every probe goes through before it sends: it refuses any destination outside
/// the scope (whatever the caller computed) and then waits for the rate limiter.
public struct SendGate: Sendable {
    public let scope: ScanScope
    public let limiter: RateLimiter
    /// The request log, when a test or `--log-requests` wants one.
    let log: RequestLog?

    /// Thrown at a send site asked to reach an address outside the scope: a bug, never input.
    public struct OutOfScope: Error, CustomStringConvertible, Sendable {
        public var address: ScanAddress
        public var description: String { "refused to send to \(address): it is outside the scan scope" }
    }

    public init(scope: ScanScope, limiter: RateLimiter, log: RequestLog? = nil) {
        self.scope = scope
        self.limiter = limiter
        self.log = log
    }

    /// Checks the scope, waits for the budget and logs what is about to be sent.
    public func permit(_ address: ScanAddress, port: UInt16, transport: String, summary: @autoclosure () -> String) async throws(OutOfScope) {
        guard scope.contains(address) else { throw OutOfScope(address: address) }
        await limiter.acquire(host: address)
        log?.append(RequestLog.Entry(address: address, port: port, transport: transport, summary: summary()))
    }
}
