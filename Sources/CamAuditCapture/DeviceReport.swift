import CamAuditModel
import Foundation

/// One device seen in the capture, classified: what `camaudit analyze` prints.
public struct DeviceReport: Sendable {
    public var key: DeviceKey
    /// The device's MAC: the frames' source MAC when it is the device's own, else the one the
    /// device stated in a payload, else none (never a router's). `macSource` says which.
    public var mac: MACAddress?
    public var macSource: MACSource
    public var addresses: [IPAddress]
    public var firstSeen: Date
    public var lastSeen: Date
    public var packets: Int
    public var observations: [Observation]
    public var classification: Classification
}
