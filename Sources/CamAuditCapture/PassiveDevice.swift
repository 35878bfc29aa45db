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
/// observations its bytes gave, packed (`SenderEvidence`). Observations are de-duplicated by
/// field and value (the first sighting is kept as the reference) and capped, so a chatty
/// sender cannot grow memory without bound.
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
    private(set) var evidence = SenderEvidence()

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

    /// The bytes this sender's observations occupy, for the analyser's evidence budget.
    var heldBytes: Int { evidence.bytes.count }

    func observations(_ vocabulary: EvidenceVocabulary) -> [Observation] { evidence.observations(vocabulary) }

    /// Adds one observation unless the sender has it already or is full. The caller passes its
    /// origin until one observation of a dissection was added, nil after that (the ones after
    /// share it). Returns the bytes it took (0: not added).
    @discardableResult
    mutating func add(_ observation: Observation, origin: EvidenceOrigin?, vocabulary: inout EvidenceVocabulary) -> Int {
        guard evidence.count < Self.maximumObservations else { return 0 }
        let fieldNumber = vocabulary.number(for: observation.field)
        guard !evidence.contains(field: observation.field, fieldNumber: fieldNumber, value: observation.value) else { return 0 }
        return evidence.append(observation, fieldNumber: fieldNumber, origin: origin, vocabulary: &vocabulary)
    }
}
