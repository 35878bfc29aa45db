import CamAuditModel
import Foundation

/// What the store needs to find or create a device and update what it knows: built from a
/// scan's sighting, or from a device row of another inventory when one is pushed into this one.
struct DeviceUpsert {
    /// Strongest first: a universal MAC, the serial, the address, a fallback key.
    var anchors: [(kind: String, value: String)]
    var mac: String?
    var macSource: String
    var serial: String?
    var addresses: [String]
    var firstSeen: Date
    var lastSeen: Date

    init(anchors: [(kind: String, value: String)], mac: String?, macSource: String, serial: String?, addresses: [String], firstSeen: Date, lastSeen: Date) {
        self.anchors = anchors
        self.mac = mac
        self.macSource = macSource
        self.serial = serial
        self.addresses = addresses
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }

    init(_ sighting: DeviceSighting) {
        let identity = sighting.classification.identity
        let mac = sighting.mac ?? identity.mac
        // A sighting's MAC replaces the stored one (and its source); a sighting without one
        // keeps what an earlier scan learnt.
        let source = mac == nil ? MACSource.none.rawValue : sighting.macSource == .none ? MACSource.payload.rawValue : sighting.macSource.rawValue
        self.init(anchors: sighting.anchors, mac: mac, macSource: source, serial: identity.serial, addresses: sighting.addresses,
                  firstSeen: sighting.firstSeen, lastSeen: sighting.lastSeen)
    }
}
