import CamAuditModel
import CamAuditSignatureFormat

/// Turns observations into evidence: each observation is matched by the first fingerprint of its
/// field that matches (recog semantics); MAC addresses are looked up in the IEEE registry; model
/// numbers found on the way go through the model-number rules in a second pass.
public struct Matcher: Sendable {
    public let table: SignatureTable

    /// Longest value handed to a regex: banners and bodies beyond this are cut, which bounds
    /// the time any one observation can take.
    public static let maxValueBytes = 64 << 10

    public init(table: SignatureTable) {
        self.table = table
    }

    /// The evidence one observation gives, if any.
    public func evidence(for observation: Observation) -> Evidence? {
        if observation.field == ObservationField.macAddress {
            return ouiEvidence(for: observation)
        }
        let value = Self.bounded(observation.value)
        guard let (fingerprint, attributes) = table.firstMatch(field: observation.field, value: value) else { return nil }
        return Evidence(
            field: observation.field, value: observation.value, fingerprintID: fingerprint.definition.id,
            attributes: attributes, certainty: fingerprint.definition.certainty,
            basis: fingerprint.definition.basis, source: observation.source)
    }

    /// All evidence from a device's observations, including the model-number pass.
    public func evidence(for observations: [Observation]) -> [Evidence] {
        var found: [Evidence] = []
        found.reserveCapacity(observations.count)
        var seenModels: Set<String> = []
        for observation in observations {
            guard let evidence = evidence(for: observation) else { continue }
            found.append(evidence)
        }
        // Model numbers carry maker and device type (DS-2TD… is a Hikvision thermal camera).
        let modelObservations: [Observation] = found.compactMap { evidence in
            guard let model = evidence.attributes[AttributeName.model], seenModels.insert(model).inserted else { return nil }
            return Observation(field: ObservationField.deviceModel, value: model, source: evidence.source)
        }
        for observation in modelObservations {
            if let evidence = evidence(for: observation) { found.append(evidence) }
        }
        found += brandEvidence(from: found)
        return found
    }

    /// A label that names no maker still says something through brands.xml: a subsidiary's own
    /// brand names its owner; a relabel points, weakly, at the maker reported to build it.
    private func brandEvidence(from evidence: [Evidence]) -> [Evidence] {
        var derived: [Evidence] = []
        var seen: Set<String> = []
        for item in evidence where item.maker == nil {
            guard let label = item.attributes[AttributeName.brand], let brand = table.brand(named: label),
                  seen.insert(brand.name).inserted else { continue }
            var attributes = [AttributeName.brand: brand.name]
            let certainty: Double
            let basis: EvidenceBasis
            if let maker = brand.oemOf {
                attributes[AttributeName.maker] = maker
                certainty = brand.oemConfidence * 0.8
                basis = .hint
            } else if let owner = brand.owner {
                attributes[AttributeName.maker] = owner
                certainty = 0.8
                basis = .identity
            } else {
                continue
            }
            derived.append(Evidence(
                field: item.field, value: item.value, fingerprintID: "brand:\(brand.name)",
                attributes: attributes, certainty: certainty, basis: basis, source: item.source))
        }
        return derived
    }

    private func ouiEvidence(for observation: Observation) -> Evidence? {
        if let prefix = MACText.prefixOnly(observation.value) {
            // An OUI without the rest of the address: the maker, but no address to keep.
            // Vendor MA-L blocks never hold IEEE's MA-M/MA-S blocks, so zero padding finds the MA-L.
            guard var evidence = ouiEvidence(for: Observation(field: observation.field, value: prefix + ":00:00:00", source: observation.source)),
                  evidence.fingerprintID != "oui:unlisted" else { return nil }
            evidence.value = prefix
            evidence.attributes[AttributeName.mac] = nil
            return evidence
        }
        guard let mac = MACText.normalized(observation.value) else { return nil }
        guard let assignment = table.ouiAssignment(forMAC: mac) else {
            // Not in the registry extract (or locally administered): still the device's address.
            return Evidence(
                field: observation.field, value: mac, fingerprintID: "oui:unlisted", attributes: [AttributeName.mac: mac],
                certainty: 0.01, basis: .hint, source: observation.source)
        }
        var attributes = [AttributeName.mac: mac]
        var certainty = 0.9
        var basis = EvidenceBasis.identity
        if let oem = table.oemBrand(ownedBy: assignment.maker), let maker = oem.oemOf {
            // An OEM's own OUI names the seller, not who built the device.
            attributes[AttributeName.maker] = maker
            attributes[AttributeName.brand] = oem.name
            certainty = oem.oemConfidence * 0.8
            basis = .hint
        } else {
            attributes[AttributeName.maker] = assignment.maker
        }
        let prefix = MACAddress.displayPrefix(assignment.prefix)
        return Evidence(
            field: observation.field, value: mac, fingerprintID: "oui:\(prefix)",
            attributes: attributes, certainty: certainty, basis: basis, source: observation.source)
    }

    static func bounded(_ value: String) -> String {
        guard value.utf8.count > maxValueBytes else { return value }
        return String(decoding: value.utf8.prefix(maxValueBytes), as: UTF8.self)
    }
}
