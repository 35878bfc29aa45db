import CamAuditModel
import CamAuditStore

/// Runs an active scan of one configured site: what the internal schedule and
/// `camaudit scheduled-run` call. The scanner (CamAuditScan) provides the implementation.
public protocol SiteScanner: Sendable {
    func scan(_ site: DaemonConfiguration.Site, configuration: DaemonConfiguration) async throws -> SiteScanResult
}

public struct SiteScanResult: Sendable {
    public var sightings: [DeviceSighting]
    /// Hosts of the scope by result status (`identified`, `open-unidentified`, `no-response` ...).
    public var hostsByStatus: [String: Int]
    /// Connection attempts, datagrams and requests sent.
    public var probesSent: Int
    /// The scope and settings the report's appendix cites.
    public var scope: String
    public var settings: JSONValue

    public init(sightings: [DeviceSighting], hostsByStatus: [String: Int], probesSent: Int, scope: String, settings: JSONValue) {
        self.sightings = sightings
        self.hostsByStatus = hostsByStatus
        self.probesSent = probesSent
        self.scope = scope
        self.settings = settings
    }
}
