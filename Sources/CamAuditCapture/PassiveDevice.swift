import CamAuditModel
import Foundation

/// What identifies a sender on the wire: its MAC when the link layer has one, else its IP
/// (raw-IP captures, or routed traffic seen without a MAC).
public enum DeviceKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    case mac(MACAddress)
    case ip(IPAddress)

    public var description: String {
        switch self {
        case .mac(let mac): mac.description
        case .ip(let ip): ip.description
        }
    }

    public static func < (lhs: DeviceKey, rhs: DeviceKey) -> Bool {
        switch (lhs, rhs) {
        case (.mac(let a), .mac(let b)): a < b
        case (.ip(let a), .ip(let b)): a < b
        case (.mac, .ip): true
        case (.ip, .mac): false
        }
    }
}

/// Everything seen from one sender: addresses, when, and the observations its bytes gave.
/// Observations are de-duplicated by field and value (the first sighting is kept as the
/// reference) and capped, so a chatty device cannot grow memory without bound.
public struct PassiveDevice: Sendable {
    public static let maximumAddresses = 16
    public static let maximumObservations = 512

    public let key: DeviceKey
    public var mac: MACAddress? {
        if case .mac(let mac) = key { return mac }
        return nil
    }
    /// Source addresses in the order first seen (at most `maximumAddresses`).
    public private(set) var addresses: [IPAddress] = []
    public private(set) var firstSeen: Date
    public private(set) var lastSeen: Date
    public private(set) var packets = 0
    public private(set) var observations: [Observation] = []
    private var seen: Set<String> = []

    init(key: DeviceKey, time: Date) {
        self.key = key
        firstSeen = time
        lastSeen = time
    }

    mutating func saw(address: IPAddress?, time: Date) {
        packets += 1
        if time < firstSeen { firstSeen = time }
        if time > lastSeen { lastSeen = time }
        // Most packets come from the address seen last: skip the scan then.
        if let address, addresses.last != address, !address.isUnspecified, addresses.count < Self.maximumAddresses, !addresses.contains(address) {
            addresses.append(address)
        }
    }

    /// Roughly what this record's observations occupy, for the analyser's evidence budget.
    public private(set) var heldBytes = 0

    /// Returns the bytes the observation added: 0 when it was a repeat or the record is full.
    @discardableResult
    mutating func add(_ observation: Observation) -> Int {
        guard observations.count < Self.maximumObservations else { return 0 }
        let identity = observation.field + "\u{0}" + observation.value
        guard seen.insert(identity).inserted else { return 0 }
        observations.append(observation)
        // The text twice (the observation and its identity), the reference, and the fixed parts.
        let bytes = 2 * identity.utf8.count + (observation.source.reference?.utf8.count ?? 0) + 128
        heldBytes += bytes
        return bytes
    }
}
