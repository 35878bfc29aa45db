import Foundation

/// One device as the inventory knows it now: its latest conclusion and remediation status.
public struct InventoryRow: Sendable, Equatable {
    public var deviceID: Int64
    public var site: String?
    public var mac: String?
    /// `frame`, `payload` or `none` (see `MACSource`); nil for devices recorded before it was kept.
    public var macSource: String?
    public var serial: String?
    public var addresses: [String]
    public var firstSeen: Date
    public var lastSeen: Date
    public var maker: String?
    public var brand: String?
    public var model: String?
    public var firmware: String?
    public var deviceType: String?
    public var verdict: String
    public var confidence: Double
    public var lists: [String]
    public var summary: String
    public var tableVersion: String
    public var remediation: String?
    public var remediationNote: String?
}

/// How two scans differ, covered devices first in each group.
public struct InventoryDiff: Sendable {
    public struct Change: Sendable, Equatable {
        public var deviceID: Int64
        public var before: String?
        public var after: String?
        public var verdict: String
    }

    public var fromScan: Int64
    public var toScan: Int64
    public var new: [Change]
    public var gone: [Change]
    public var moved: [Change]
    public var reclassified: [Change]
}

/// A device whose conclusion changed when recomputed from stored evidence.
public struct Reclassification: Sendable, Equatable {
    public var deviceID: Int64
    public var before: String
    public var after: String
    public var makerBefore: String?
    public var makerAfter: String?
}
