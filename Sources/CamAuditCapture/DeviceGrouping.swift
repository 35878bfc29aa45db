import CamAuditModel
import Foundation

/// Groups senders (a frame MAC with one source address) into the devices a report lists.
///
/// A frame's source MAC is the sender's own only on its own segment. Upstream of a router, or
/// on a SPAN behind a gateway, every frame carries the router's MAC, so keying by MAC alone
/// merges every host behind it into one. A sender is therefore keyed by its address when its
/// MAC is not its own, which shows in one of two ways:
/// - its packets arrive with a decremented hop limit (`HopLimit`): a router forwarded them;
/// - its MAC sends, with a hop limit as sent, from more than `maximumOwnNetworks` routable
///   networks (each IPv4 address, each IPv6 /64): a router that does not decrement, or a
///   capture whose hop limits were rewritten.
/// Everything else from one MAC (its IPv4 address, IPv6 addresses, link-local ones, frames
/// without IP) is one device keyed by that MAC. Link-local addresses never cross a router, so
/// they always stay with their MAC.
enum DeviceGrouping {
    /// Routable networks one device's MAC plausibly sends from: its DHCP address, the maker's
    /// factory address before DHCP (192.0.0.64, 192.168.1.64, 192.168.1.108) or an address it
    /// had before a lease changed, and a global and a unique-local IPv6 /64. Beyond four, the
    /// MAC fronts other hosts; routers with fewer are recognised by the hop limit.
    static let maximumOwnNetworks = 4

    /// The device each sender belongs to, in the senders' order.
    static func deviceKeys(_ senders: some Collection<PassiveDevice>) -> [DeviceKey] {
        var directNetworks: [MACAddress: Networks] = [:]
        directNetworks.reserveCapacity(senders.count)
        for sender in senders {
            guard let mac = sender.key.mac, let ip = sender.key.ip, !isLinkLocal(ip), !sender.looksForwarded else { continue }
            let id = NetworkID(ip)
            // One look-up: a new MAC starts with this network, which the insert then finds.
            directNetworks[mac, default: Networks(first: id)].insert(id)
        }
        return senders.map { deviceKey($0, frontsOthers: { (directNetworks[$0]?.count ?? 0) > maximumOwnNetworks }) }
    }

    /// The distinct networks one MAC sent from, up to one past the limit (only "more than the
    /// limit" matters). Nearly every MAC has one: it costs no allocation, where a set per MAC
    /// cost one for each of a capture's hundred thousand senders.
    private struct Networks {
        var first: NetworkID
        var others: [NetworkID] = []

        var count: Int { 1 + others.count }

        mutating func insert(_ id: NetworkID) {
            guard count <= DeviceGrouping.maximumOwnNetworks, id != first, !others.contains(id) else { return }
            others.append(id)
        }
    }

    private static func deviceKey(_ sender: PassiveDevice, frontsOthers: (MACAddress) -> Bool) -> DeviceKey {
        switch (sender.key.mac, sender.key.ip) {
        case (let mac?, nil):
            return .mac(mac)
        case (nil, let ip?):
            return .ip(ip)
        case (let mac?, let ip?):
            if isLinkLocal(ip) { return .mac(mac) }
            return sender.looksForwarded || frontsOthers(mac) ? .ip(ip) : .mac(mac)
        case (nil, nil):
            // Not created by the analyser (a sender has a unicast MAC or an address).
            return .mac(MACAddress(value: 0))
        }
    }

    /// One device from its senders, oldest first: addresses in the order first seen, the
    /// frame MAC as `mac.oui` evidence only when it is the device's own, observations
    /// de-duplicated and capped as one sender's are.
    static func merge(_ key: DeviceKey, _ senders: [PassiveDevice], vocabulary: EvidenceVocabulary) -> (mac: MACAddress?, macSource: MACSource, addresses: [IPAddress], firstSeen: Date, lastSeen: Date, packets: Int, observations: [Observation]) {
        let ordered = senders.count == 1 ? senders : senders.sorted { $0.firstSeen < $1.firstSeen }
        var addresses: [IPAddress] = []
        let expected = ordered.reduce(0) { $0 + $1.evidence.count }
        var observations: [Observation] = []
        observations.reserveCapacity(1 + Swift.min(PassiveDevice.maximumObservations + 1, expected))
        var packets = 0
        var firstSeen = ordered.first?.firstSeen ?? Date(timeIntervalSince1970: 0)
        var lastSeen = ordered.first?.lastSeen ?? firstSeen
        for sender in ordered {
            packets += sender.packets
            if let ip = sender.key.ip, addresses.count < maximumAddresses, !addresses.contains(ip) { addresses.append(ip) }
            firstSeen = min(firstSeen, sender.firstSeen)
            lastSeen = max(lastSeen, sender.lastSeen)
        }
        if case .mac(let mac) = key {
            let source = EvidenceSource(kind: .passive, protocolName: "ethernet", port: nil, reference: ordered.first?.reference.text, time: firstSeen)
            observations.append(Observation(field: ObservationField.macAddress, value: mac.description, source: source))
        }
        if ordered.count == 1 {
            observations += ordered[0].observations(vocabulary)
        } else {
            let macObservations = observations.count
            // A device's few observations are compared in place: hashing every value (bodies of
            // hundreds of bytes) cost more than the comparisons, which mostly stop at the field.
            var seen: Set<FieldValue>? = expected > Self.linearDeduplicationLimit ? [] : nil
            // Sized once: growing it rehashed every observation again.
            seen?.reserveCapacity(Swift.min(PassiveDevice.maximumObservations + 1, expected))
            for observation in ordered.lazy.flatMap({ $0.observations(vocabulary) }) where observations.count <= PassiveDevice.maximumObservations {
                let isNew = seen?.insert(FieldValue(field: observation.field, value: observation.value)).inserted
                    ?? !observations[macObservations...].contains { $0.field == observation.field && $0.value == observation.value }
                if isNew { observations.append(observation) }
            }
        }
        if case .mac(let mac) = key {
            return (mac, .frame, addresses, firstSeen, lastSeen, packets, observations)
        }
        let stated = PayloadMAC.find(in: observations)
        return (stated, stated == nil ? .none : .payload, addresses, firstSeen, lastSeen, packets, observations)
    }

    /// An observation's field and value, as a key: no joined string made per observation.
    private struct FieldValue: Hashable {
        var field: String
        var value: String
    }

    /// Above this many observations, duplicates are found by hashing instead of comparison.
    static let linearDeduplicationLimit = 48

    /// Addresses listed per device (a device keyed by MAC that used more is still one device).
    static let maximumAddresses = 16

    /// 169.254.0.0/16 and fe80::/10: never forwarded, so always the frame MAC's own.
    static func isLinkLocal(_ ip: IPAddress) -> Bool {
        if let v4 = ip.ipv4 { return v4 >> 16 == 0xA9FE }
        return ip.high >> 54 == 0x3FA
    }

    /// An IPv4 address, or an IPv6 /64: the unit a host's own addresses come in.
    struct NetworkID: Hashable {
        var high: UInt64
        var low: UInt64

        init(_ ip: IPAddress) {
            high = ip.isIPv6 ? ip.high : UInt64.max
            low = ip.isIPv6 ? 0 : ip.low
        }
    }
}

/// Senders grouped by device: their indices sorted by device key, and where each device's run
/// starts. Two arrays of integers for every sender together, instead of a dictionary of arrays.
struct DeviceGroups: RandomAccessCollection {
    struct Group {
        var key: DeviceKey
        var members: Range<Int>
    }

    private let keys: [DeviceKey]
    private let order: [Int32]
    private let starts: [Int32]

    init(keys: [DeviceKey]) {
        self.keys = keys
        order = (0..<Int32(keys.count)).sorted { keys[Int($0)] < keys[Int($1)] }
        var starts: [Int32] = []
        for position in order.indices where position == 0 || keys[Int(order[position])] != keys[Int(order[position - 1])] {
            starts.append(Int32(position))
        }
        self.starts = starts
    }

    var startIndex: Int { 0 }
    var endIndex: Int { starts.count }

    subscript(position: Int) -> Group {
        let start = Int(starts[position])
        let end = position + 1 < starts.count ? Int(starts[position + 1]) : order.count
        return Group(key: keys[Int(order[start])], members: start..<end)
    }

    /// The indices (into the analyser's senders) of one device's senders.
    func senders(of group: Group) -> ArraySlice<Int32> { order[group.members] }
}
