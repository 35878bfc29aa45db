import CamAuditModel
import CamAuditStore

/// Runs an active scan of one configured site: what the internal schedule and
/// `camaudit scheduled-run` call. The scanner (CamAuditScan) provides the implementation.
public protocol SiteScanner: Sendable {
    func scan(_ site: DaemonConfiguration.Site, configuration: DaemonConfiguration) async throws -> SiteScanResult
}

public struct SiteScanResult: Sendable {
    public var sightings: [DeviceSighting]
    /// Probes by result status (`success`, `io-timeout`, `connection-refused`, ...).
    public var probesByStatus: [String: Int]
    /// The scope and settings the report's appendix cites.
    public var scope: String
    public var settings: JSONValue

    public init(sightings: [DeviceSighting], probesByStatus: [String: Int], scope: String, settings: JSONValue) {
        self.sightings = sightings
        self.probesByStatus = probesByStatus
        self.scope = scope
        self.settings = settings
    }
}
