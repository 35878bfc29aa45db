import CamAuditMatching
import CamAuditModel
import CamAuditStore
import Foundation

/// Turns rows into devices of one import scan. Rows are gathered by MAC in a batch of at most
/// `batchDevices` devices (each with at most `maxFactsPerDevice` distinct facts), then
/// classified and written; so memory is bounded by those two constants, not by the file. A MAC
/// that comes back in a later batch joins the same device (MAC anchoring) and the store
/// concludes on all its evidence.
public final class ImportSession {
    public static let defaultBatchDevices = 4_096
    public static let maxFactsPerDevice = 48
    static let maxAddressesPerDevice = 4

    struct Pending {
        var observations: [Observation] = []
        var facts: Set<String> = []
        var rows = 0
        /// Most recent first.
        var addresses: [(address: String, time: Date)] = []
        var firstSeen: Date
        var lastSeen: Date
    }

    /// Counts for the summary.
    public struct Totals: Sendable, Equatable {
        public var rows = 0
        public var devicesWritten = 0
        /// Rows whose MAC no fingerprint recognised (and the inventory did not hold): not recorded.
        public var rowsLeftOut = 0
    }

    let store: InventoryStore
    let scan: Int64
    let kind: ImportKind
    let classifier: DeviceClassifier
    let keepAll: Bool
    let batchDevices: Int
    let now: Date
    private var pending: [String: Pending] = [:]
    private var order: [String] = []
    public private(set) var totals = Totals()

    /// `keepAll`: record devices no fingerprint recognised too (a MAC table lists every laptop).
    public init(store: InventoryStore, scan: Int64, kind: ImportKind, classifier: DeviceClassifier, keepAll: Bool,
                batchDevices: Int = ImportSession.defaultBatchDevices, now: Date = Date()) {
        self.store = store
        self.scan = scan
        self.kind = kind
        self.classifier = classifier
        self.keepAll = keepAll
        self.batchDevices = max(1, batchDevices)
        self.now = now
    }

    public func add(_ row: ImportRow, path: String) throws {
        totals.rows += 1
        let time = row.time ?? now
        if pending[row.mac] == nil {
            if pending.count >= batchDevices { try flush() }
            pending[row.mac] = Pending(firstSeen: time, lastSeen: time)
            order.append(row.mac)
        }
        var device = pending[row.mac]!
        pending[row.mac] = nil  // keep the value uniquely referenced while it changes
        device.rows += 1
        device.firstSeen = min(device.firstSeen, time)
        device.lastSeen = max(device.lastSeen, time)
        for observation in row.observations(kind: kind, path: path) where device.facts.count < Self.maxFactsPerDevice {
            // The same MAC renewing its lease a hundred times is one fact, not a hundred.
            let fact = observation.field + "\u{1F}" + observation.value + "\u{1F}" + (observation.source.reference.map(Self.withoutLine) ?? "")
            if device.facts.insert(fact).inserted { device.observations.append(observation) }
        }
        if let address = row.address {
            if let index = device.addresses.firstIndex(where: { $0.address == address }) {
                device.addresses[index].time = max(device.addresses[index].time, time)
            } else {
                device.addresses.append((address, time))
            }
            device.addresses.sort { $0.time > $1.time }
            if device.addresses.count > Self.maxAddressesPerDevice { device.addresses.removeLast() }
        }
        pending[row.mac] = device
    }

    /// Writes the devices gathered so far.
    public func flush() throws {
        guard !pending.isEmpty else { return }
        var sightings: [DeviceSighting] = []
        var unrecognised: [(mac: String, device: Pending, classification: Classification)] = []
        for mac in order {
            guard let device = pending[mac] else { continue }
            let classification = classifier.classify(device.observations)
            if keepAll || classification.verdict != .unknown || classification.identity.maker != nil {
                sightings.append(sighting(mac: mac, device, classification))
            } else {
                unrecognised.append((mac, device, classification))
            }
        }
        // A MAC the inventory already holds (a scanned camera) keeps its row: it gains a place.
        let known = unrecognised.isEmpty ? [] : try store.knownMACs(unrecognised.map(\.mac))
        for item in unrecognised {
            if known.contains(item.mac) {
                sightings.append(sighting(mac: item.mac, item.device, item.classification))
            } else {
                totals.rowsLeftOut += item.device.rows
            }
        }
        pending = [:]
        order = []
        try store.recordMerging(sightings, scan: scan, classify: classifier.classify)
        totals.devicesWritten += sightings.count
    }

    private func sighting(mac: String, _ device: Pending, _ classification: Classification) -> DeviceSighting {
        DeviceSighting(
            key: "import:\(mac)", mac: mac, macSource: kind == .macTable || kind == .arp ? .frame : .payload,
            addresses: device.addresses.map(\.address), observations: device.observations, classification: classification,
            firstSeen: device.firstSeen, lastSeen: device.lastSeen)
    }

    /// "switch core-1 port Gi1/0/14 VLAN 30 (leases:120)" without its line, so repeated rows
    /// about the same place are one fact.
    static func withoutLine(_ reference: String) -> String {
        guard let open = reference.lastIndex(of: "("), let colon = reference[open...].lastIndex(of: ":") else {
            return reference.lastIndex(of: ":").map { String(reference[..<$0]) } ?? reference
        }
        return String(reference[..<colon])
    }
}
