import CamAuditModel
import Foundation

/// One device as a scan or a capture saw it: what the store records.
public struct DeviceSighting: Sendable {
    /// Fallback identity when there is no MAC, serial or address (a classify record id).
    public var key: String
    public var mac: String?
    /// Where `mac` comes from (`frame`, `payload`, `none`): a passive sighting behind a router
    /// has no frame MAC of its own.
    public var macSource: MACSource
    public var addresses: [String]
    public var observations: [Observation]
    public var classification: Classification
    public var firstSeen: Date
    public var lastSeen: Date

    /// `macSource` defaults to what a sighting without frames has: the MAC the device stated
    /// (its own, or one the matcher read from its evidence) or none.
    public init(key: String, mac: String?, macSource: MACSource? = nil, addresses: [String], observations: [Observation], classification: Classification, firstSeen: Date, lastSeen: Date) {
        self.key = key
        self.mac = mac
        self.macSource = macSource ?? (mac ?? classification.identity.mac == nil ? .none : .payload)
        self.addresses = addresses
        self.observations = observations
        self.classification = classification
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }

    /// The strongest stable identifier: a globally unique MAC, then the serial, then the address.
    var anchors: [(kind: String, value: String)] {
        var out: [(String, String)] = []
        if let mac = mac?.lowercased() ?? classification.identity.mac?.lowercased(), Self.isUniversal(mac) {
            out.append(("mac", mac))
        }
        if let serial = classification.identity.serial, Self.isAnchorSerial(serial) { out.append(("serial", serial)) }
        if let address = addresses.first { out.append(("address", address)) }
        out.append(("key", key))
        return out
    }

    /// Words a masked copy or a firmware without a serial sends in its place (letters and
    /// digits only, upper case, as compared).
    static let placeholderWords: Set<String> = [
        "REDACTED", "UNKNOWN", "UNDEFINED", "NOTAVAILABLE", "DEFAULT", "SERIALNUMBER", "MASKED",
        "HIDDEN", "REMOVED", "ANONYMIZED", "ANONYMISED", "PLACEHOLDER",
    ]

    /// A serial that can tell devices apart. Masked serials in published answers
    /// (`DS-2CD2155FWD-XXXXXXXXXXXXXXXXXXXXX`) and firmware placeholders (`0000000000`) are
    /// the same on every unit that sends them: anchoring on one would make those units one
    /// device in the inventory.
    static func isAnchorSerial(_ serial: String) -> Bool {
        let characters = serial.filter { $0.isLetter || $0.isNumber }.uppercased()
        guard characters.count >= 6, !placeholderWords.contains(characters) else { return false }
        var longestRun = 0, run = 0
        var previous: Character?
        for character in characters {
            run = character == previous ? run + 1 : 1
            longestRun = max(longestRun, run)
            previous = character
        }
        return longestRun < 8
    }

    static func isUniversal(_ mac: String) -> Bool {
        let hex = mac.filter(\.isHexDigit)
        guard hex.count == 12, let first = UInt8(hex.prefix(2), radix: 16) else { return false }
        return first & 0x03 == 0
    }
}

/// What a scan was: the scope and settings a report's appendix cites.
public struct ScanDescription: Sendable {
    public var kind: EvidenceSource.Kind
    public var scope: String
    public var site: String?
    public var settings: JSONValue
    public var tableVersion: String
    public var policyVersion: String

    public init(kind: EvidenceSource.Kind, scope: String, site: String?, settings: JSONValue, tableVersion: String, policyVersion: String) {
        self.kind = kind
        self.scope = scope
        self.site = site
        self.settings = settings
        self.tableVersion = tableVersion
        self.policyVersion = policyVersion
    }
}
