import CamAuditModel
import Foundation

/// A finished scan: one result per address of the scope, ascending, and what it cost.
public struct ScanReport: Sendable {
    public var scope: ScanScope
    public var settings: ScanSettings
    public var hosts: [HostResult]
    public var started: Date
    public var finished: Date
    /// Connection attempts, datagrams and requests sent.
    public var sent: Int
    /// ARP requests sent with libpcap.
    public var arpRequests: Int
    /// Things the user should know (no privilege for ARP, answers dropped from outside the scope).
    public var notices: [String]

    public var duration: Double { finished.timeIntervalSince(started) }
    public var responded: [HostResult] { hosts.filter(\.responded) }

    public func count(_ status: HostResult.Status) -> Int { hosts.filter { $0.status == status }.count }

    /// True when a device is covered or likely covered.
    public var anyCovered: Bool { hosts.contains { $0.classification.verdict.coveredFlag == true } }
}

/// What the progress display shows, sent after each host.
public struct ScanProgress: Sendable {
    public var total: Int
    public var done: Int
    /// Hosts that answered anything.
    public var found: Int
    /// Hosts identified as covered or likely covered.
    public var covered: Int
    public var sent: Int
    public var elapsed: Double
    /// The global rate in force (lower than configured while backing off).
    public var currentRate: Double
}
