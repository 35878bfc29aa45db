import CamAuditModel
import Foundation

/// A sender as its frames name it: the source MAC (when the link layer has one) with one source
/// address (nil for frames without IP: LLDP, CDP, ARP). Evidence is held per sender and grouped
/// into devices only when reported (`DeviceGrouping`): whether a MAC is a device's own or a
/// router's is known only once the other addresses behind it have been seen.
struct SenderKey: Hashable, Sendable {
    var mac: MACAddress?
    var ip: IPAddress?
}

/// Everything seen from one sender: when, how its packets' hop limits looked, and the
/// observations its bytes gave. Observations are de-duplicated by field and value (the first
/// sighting is kept as the reference) and capped, so a chatty sender cannot grow memory
/// without bound.
struct PassiveDevice: Sendable {
    static let maximumObservations = 512

    let key: SenderKey
    /// The first frame: the reference of the `mac.address` observation the device gets when
    /// its frame MAC proves to be its own.
    let reference: PacketReference
    private(set) var firstSeen: Date
    private(set) var lastSeen: Date
    private(set) var packets = 0
    /// Packets whose hop limit says a router forwarded them, and packets whose hop limit looks
    /// as a host sends it (`HopLimit`).
    private(set) var forwardedPackets = 0
    private(set) var directPackets = 0
    private(set) var observations: [Observation] = []
    /// Hashes of the (field, value) pairs held: a device's repeats are recognised without a
    /// second copy of every string.
    private var seen: Set<Int> = []

    init(key: SenderKey, reference: PacketReference, time: Date) {
        self.key = key
        self.reference = reference
        firstSeen = time
        lastSeen = time
    }

    /// True when most of the sender's packets arrived through a router: its frames carry the
    /// router's MAC, not its own.
    var looksForwarded: Bool { forwardedPackets > directPackets }

    mutating func saw(time: Date, hopLimit: UInt8?) {
        packets += 1
        if time < firstSeen { firstSeen = time }
        if time > lastSeen { lastSeen = time }
        if let hopLimit {
            if HopLimit.looksForwarded(hopLimit) { forwardedPackets += 1 } else { directPackets += 1 }
        }
    }

    /// Roughly what this record's observations occupy, for the analyser's evidence budget.
    private(set) var heldBytes = 0

    /// Returns the bytes the observation added: 0 when it was a repeat or the record is full.
    @discardableResult
    mutating func add(_ observation: Observation, countingReference: Bool = true) -> Int {
        guard observations.count < Self.maximumObservations else { return 0 }
        var hasher = Hasher()
        hasher.combine(observation.field)
        hasher.combine(observation.value)
        // A hash seen before is a repeat only if an observation really has that field and value.
        if !seen.insert(hasher.finalize()).inserted,
           observations.contains(where: { $0.field == observation.field && $0.value == observation.value }) {
            return 0
        }
        observations.append(observation)
        // The value, the reference (shared by one dissection's observations, so counted with
        // the first of them), the hash and the fixed parts.
        let reference = countingReference ? (observation.source.reference?.utf8.count ?? 0) : 0
        let bytes = observation.value.utf8.count + reference + 136
        heldBytes += bytes
        return bytes
    }
}
