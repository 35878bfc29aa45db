import CamAuditModel
import CamAuditSignatureFormat

/// Combines a device's evidence into one identity. Independent signals for the same corporate
/// family raise confidence (1 − Π(1 − certainty), one term per fingerprint); evidence for
/// another family is kept as a conflict and lowers the confidence instead of being dropped.
public struct IdentityResolver: Sendable {
    public let table: SignatureTable

    /// Support a rival family needs before it is reported as a conflict.
    public static let conflictThreshold = 0.3

    public init(table: SignatureTable) {
        self.table = table
    }

    public func resolve(_ evidence: [Evidence]) -> Identity {
        var identity = Identity(evidence: evidence)
        let families = familySupport(evidence)
        if let best = families.first {
            identity.maker = best.namedMember(depth: depth) ?? best.mostSpecificMaker
            identity.confidence = best.confidence
            let rivals = families.dropFirst().filter { $0.confidence >= Self.conflictThreshold }
            identity.conflicts = rivals.map {
                Conflict(maker: $0.mostSpecificMaker, confidence: rounded($0.confidence), fingerprintIDs: $0.fingerprintIDs)
            }
            if let strongest = rivals.first {
                identity.confidence = max(0, best.confidence - 0.5 * strongest.confidence)
            }
        }
        identity.confidence = rounded(identity.confidence)
        let strongest = StrongestValues(evidence)
        identity.model = strongest.model?.value
        identity.firmware = strongest.firmware?.value
        identity.serial = strongest.serial?.value
        identity.mac = strongest.mac?.value
        identity.brand = strongest.brand?.value
        // Without a label, the maker's name is the brand only when identity evidence (its own
        // banner, OUI, certificate or model numbering) says so: a stack match may be a relabel.
        if identity.brand == nil, let maker = identity.maker,
           evidence.contains(where: { $0.maker == maker && $0.basis == .identity }) {
            identity.brand = table.maker(maker)?.name
        }
        identity.deviceType = strongest.deviceType
        return identity
    }

    /// Each attribute's value from the most certain evidence that sets it (the first of equals),
    /// found in one pass over the items' own few attributes rather than one lookup per name
    /// per item: this runs for every device of a capture.
    struct StrongestValues {
        typealias Candidate = (value: String, certainty: Double)
        var model: Candidate?
        var firmware: Candidate?
        var serial: Candidate?
        var mac: Candidate?
        var brand: Candidate?
        var deviceTypeText: Candidate?
        /// The same from model-number rules only.
        var deviceTypeTextFromModels: Candidate?

        init(_ evidence: [Evidence]) {
            func consider(_ slot: inout Candidate?, _ value: String, _ certainty: Double) {
                if slot == nil || certainty > slot!.certainty { slot = (value, certainty) }
            }
            for item in evidence {
                for (name, value) in item.attributes {
                    switch name {
                    case AttributeName.model: consider(&model, value, item.certainty)
                    case AttributeName.firmware: consider(&firmware, value, item.certainty)
                    case AttributeName.serial: consider(&serial, value, item.certainty)
                    case AttributeName.mac: consider(&mac, value, item.certainty)
                    case AttributeName.brand: consider(&brand, value, item.certainty)
                    case AttributeName.deviceType:
                        consider(&deviceTypeText, value, item.certainty)
                        if item.field == ObservationField.deviceModel { consider(&deviceTypeTextFromModels, value, item.certainty) }
                    default: continue
                    }
                }
            }
        }

        /// Model-number rules know the device class best (a thermal camera also calls itself
        /// "IPCamera"), so they come first; otherwise the most certain evidence decides.
        var deviceType: DeviceType? {
            for candidate in [deviceTypeTextFromModels, deviceTypeText] {
                if let text = candidate?.value, let type = DeviceType(loose: text) { return type }
            }
            return nil
        }
    }

    struct FamilySupport {
        var root: String
        var confidence: Double
        var makers: [String: Double]
        /// Members named by identity evidence (their own model numbering, OUI, banner) and its
        /// certainty.
        var identified: [String: Double] = [:]
        var fingerprintIDs: [String]

        /// A subsidiary that identity evidence names, the deepest first: an EZVIZ model number
        /// names the maker better than the parent's OUI its network module carries (EZVIZ
        /// devices use MAC blocks registered to Hangzhou Hikvision). A stack or platform trait
        /// never names a member: Dahua's own cameras use the Imou cloud too.
        func namedMember(depth: (String) -> Int) -> String? {
            identified.filter { $0.key != root && $0.value >= 0.5 }
                .max { lhs, rhs in
                    let (left, right) = (depth(lhs.key), depth(rhs.key))
                    if left != right { return left < right }
                    return lhs.value != rhs.value ? lhs.value < rhs.value : lhs.key > rhs.key
                }?.key
        }

        /// The member with the strongest single signal: EZVIZ rather than Hikvision when an
        /// EZVIZ OUI is the best evidence.
        var mostSpecificMaker: String {
            makers.max { lhs, rhs in
                lhs.value != rhs.value ? lhs.value < rhs.value : lhs.key > rhs.key
            }?.key ?? root
        }
    }

    func familySupport(_ evidence: [Evidence]) -> [FamilySupport] {
        // The strongest item of each fingerprint. A device has a handful of items: searched in
        // an array (a dictionary per device was 1 % of a large capture's analysis), with an
        // index only for the rare device with many.
        var strongest: [(id: String, maker: String, item: Evidence)] = []
        var positions: [String: Int]? = evidence.count > 32 ? [:] : nil
        for item in evidence {
            guard let maker = item.maker else { continue }
            let position = positions.map { $0[item.fingerprintID] } ?? strongest.firstIndex { $0.id == item.fingerprintID }
            if let position {
                if strongest[position].item.certainty >= item.certainty { continue }
                strongest[position] = (item.fingerprintID, maker, item)
            } else {
                positions?[item.fingerprintID] = strongest.count
                strongest.append((item.fingerprintID, maker, item))
            }
        }
        strongest.sort { $0.id < $1.id }
        var families: [FamilySupport] = []
        for (id, maker, item) in strongest {
            let root = table.familyRoot(of: maker)
            let index = families.firstIndex { $0.root == root } ?? {
                families.append(FamilySupport(root: root, confidence: 0, makers: [:], fingerprintIDs: []))
                return families.count - 1
            }()
            families[index].confidence = 1 - (1 - families[index].confidence) * (1 - item.certainty)
            families[index].makers[maker] = max(families[index].makers[maker] ?? 0, item.certainty)
            if item.basis == .identity { families[index].identified[maker] = max(families[index].identified[maker] ?? 0, item.certainty) }
            families[index].fingerprintIDs.append(id)
        }
        return families.sorted { lhs, rhs in
            lhs.confidence != rhs.confidence ? lhs.confidence > rhs.confidence : lhs.root < rhs.root
        }
    }

    /// How many parents a maker has up to its family's root.
    private func depth(_ maker: String) -> Int {
        var current = maker
        var hops = 0
        while let parent = table.maker(current)?.parent, hops < 8 {
            current = parent
            hops += 1
        }
        return hops
    }

    private func rounded(_ value: Double) -> Double {
        (value * 1000).rounded() / 1000
    }
}
