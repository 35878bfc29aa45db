import CamAuditModel
import CamAuditSignatureFormat

/// Applies the ban-list policy to an identity. It states what the maker means under each list
/// (banlists.md §5, layers A and B) and never claims facts a device cannot show, such as the
/// purchase date or the funding source.
public struct PolicyEngine: Sendable {
    public let table: SignatureTable
    /// What the policy says of each maker of the table, worked out once: a capture with tens
    /// of thousands of devices would otherwise rebuild the same list statements per device.
    private let listsByMaker: [String: MakerLists]

    private struct MakerLists: Sendable {
        var lists: [BanListDefinition]
        var findings: [ListFinding]
        var displayName: String
        /// The name of the maker's family root, and the opening of a `covered` summary:
        /// the same text for every device of the maker.
        var rootName: String
        var coveredOpening: String
    }

    /// Confidence needed to take any position on the maker.
    public static let minimumConfidence = 0.5
    /// Confidence needed, together with identity evidence, to say `covered` rather than `likely-covered`.
    public static let coveredConfidence = 0.8

    public init(table: SignatureTable) {
        self.table = table
        var byMaker: [String: MakerLists] = [:]
        for maker in table.set.makers.map(\.id) {
            byMaker[maker] = Self.lists(for: maker, table: table)
        }
        listsByMaker = byMaker
    }

    private static func lists(for maker: String, table: SignatureTable) -> MakerLists {
        let root = table.familyRoot(of: maker)
        let lists = table.set.policy.lists.filter { list in
            list.entities.contains(root) && (list.extendsToAffiliates || maker == root)
        }
        let name = displayName(maker, table: table)
        // The policy file lists the maker-level facts (Covered List, §889) first.
        let named = lists.prefix(3).map { "\($0.name) (\($0.citation.split(separator: ";").first ?? ""))" }
        return MakerLists(
            lists: lists, findings: lists.map { ListFinding(listID: $0.id, statement: $0.statement.replacingMaker(with: name)) }, displayName: name,
            rootName: table.maker(root)?.name ?? root,
            coveredOpening: "Made by \(name). The maker is named by: \(named.joined(separator: "; ")).")
    }

    public var policy: PolicyDefinition { table.set.policy }

    public func classify(_ identity: Identity) -> Classification {
        guard let maker = identity.maker, identity.confidence >= Self.minimumConfidence else {
            return Classification(identity: identity, verdict: .unknown, findings: [], summary: unknownSummary(identity))
        }
        let root = table.familyRoot(of: maker)
        // A maker outside the vocabulary (a fingerprint may name one) is worked out here.
        let policyOfMaker = listsByMaker[maker] ?? Self.lists(for: maker, table: table)
        let lists = policyOfMaker.lists
        let makerName = policyOfMaker.displayName
        guard !lists.isEmpty else {
            let verdict: Verdict = identity.confidence >= 0.6 ? .notCovered : .unknown
            let summary = verdict == .notCovered
                ? "Made by \(makerName); no list in policy \(policy.version) names this maker."
                : unknownSummary(identity)
            return Classification(identity: identity, verdict: verdict, findings: [], summary: summary)
        }

        let familyEvidence = identity.evidence.filter { item in
            item.maker.map { table.familyRoot(of: $0) == root } ?? false
        }
        guard Self.isEnoughToFlag(familyEvidence) else {
            return Classification(identity: identity, verdict: .unknown, findings: [], summary: sharedTraitSummary(maker: maker, evidence: familyEvidence))
        }
        let hasIdentityEvidence = familyEvidence.contains { $0.basis == .identity }
        let relabel = identity.brand.flatMap { table.brand(named: $0) }.flatMap { $0.oemOf == nil ? nil : $0 }
        let verdict: Verdict = hasIdentityEvidence && identity.confidence >= Self.coveredConfidence && identity.conflicts.isEmpty
            ? .covered : .likelyCovered
        let findings = policyOfMaker.findings
        return Classification(
            identity: identity, verdict: verdict, findings: findings,
            summary: coveredSummary(identity, makerLists: policyOfMaker, verdict: verdict, relabel: relabel, evidence: familyEvidence))
    }

    /// Certainty a stack or hint signal needs to count as one of two independent ones.
    public static let independentSignalCertainty = 0.3

    /// Other makers copy firmware traits (`Rtsp Server/2.0`, HiSilicon SDK banners, GoAhead
    /// pages), so a covered family needs identity or platform evidence, or shared-stack signals
    /// from two different protocols: one answer's traits come from one firmware and are not
    /// independent of each other.
    public static func isEnoughToFlag(_ familyEvidence: [Evidence]) -> Bool {
        if familyEvidence.contains(where: { $0.basis == .identity || $0.basis == .platform }) { return true }
        let protocols = Set(familyEvidence.filter { $0.certainty >= independentSignalCertainty }.map(protocolFamily))
        return protocols.count >= 2
    }

    /// The exchange a signal came from: the dissected protocol, else the field's first part.
    static func protocolFamily(_ evidence: Evidence) -> String {
        if let name = evidence.source.protocolName, !name.isEmpty {
            return name.split(separator: "-").first.map(String.init) ?? name
        }
        return evidence.field.split(separator: ".").first.map(String.init) ?? evidence.field
    }

    /// "Hikvision (Hangzhou Hikvision Digital Technology Co., Ltd.)", with the parent for subsidiaries.
    public func displayName(_ maker: String) -> String {
        listsByMaker[maker]?.displayName ?? Self.displayName(maker, table: table)
    }

    private static func displayName(_ maker: String, table: SignatureTable) -> String {
        guard let definition = table.maker(maker) else { return maker }
        var name = "\(definition.name) (\(definition.legalName))"
        if let parent = definition.parent, let parentDefinition = table.maker(parent) {
            name += ", a \(definition.relation ?? "subsidiary") of \(parentDefinition.name)"
        }
        return name
    }

    private func coveredSummary(_ identity: Identity, makerLists: MakerLists, verdict: Verdict, relabel: BrandDefinition?, evidence: [Evidence]) -> String {
        let rootName = makerLists.rootName
        let signals = evidence.sorted { $0.certainty > $1.certainty }.prefix(3).map { "\($0.field) \"\($0.value.prefix(60))\"\(Self.origin($0))" }
        var text: String
        if verdict == .covered {
            text = makerLists.coveredOpening
        } else if let relabel {
            text = "Sold as \(relabel.name); firmware or protocol evidence matches \(rootName) — probable \(rootName)-produced equipment; confirm with the vendor's §889 attestation."
        } else {
            text = "Evidence matches \(rootName)'s firmware or protocol stack — probable \(rootName)-produced equipment (possibly relabelled); confirm with the vendor's §889 attestation."
        }
        if let type = identity.deviceType, type == .thermal {
            text += " Thermal / temperature-screening model."
        }
        if !identity.conflicts.isEmpty {
            text += " Conflicting evidence also points at \(identity.conflicts.map(\.maker).joined(separator: ", "))."
        }
        if !signals.isEmpty {
            text += " Evidence: \(signals.joined(separator: "; "))."
        }
        return text
    }

    private func sharedTraitSummary(maker: String, evidence: [Evidence]) -> String {
        let rootName = table.maker(table.familyRoot(of: maker))?.name ?? maker
        let signals = evidence.sorted { $0.certainty > $1.certainty }.prefix(2).map { "\($0.field) \"\($0.value.prefix(60))\"\(Self.origin($0))" }
        return "A trait of \(rootName)'s firmware that other makers' firmware also sends (\(signals.joined(separator: "; "))): not enough to flag. Probe the device's web, ONVIF or discovery answers for identity evidence."
    }

    /// Where an imported fact came from ("switch core-1 port Gi1/0/14 VLAN 30 (mac.txt:12)"):
    /// a district table is only worth citing with its place. Probed and captured facts say
    /// nothing more here, as before.
    static func origin(_ evidence: Evidence) -> String {
        guard evidence.source.kind == .imported, let reference = evidence.source.reference else { return "" }
        return " from \(reference.prefix(120))"
    }

    private func unknownSummary(_ identity: Identity) -> String {
        if let maker = identity.maker {
            return "Evidence for \(displayName(maker)) is too weak (confidence \(identity.confidence)) to take a position."
        }
        return identity.evidence.isEmpty
            ? "No fingerprint recognised this device."
            : "Recognised attributes do not establish the maker."
    }
}

extension String {
    /// Every `{maker}` replaced by `name`, scanning the UTF-8 bytes once.
    func replacingMaker(with name: String) -> String {
        let placeholder = Array("{maker}".utf8)
        let bytes = Array(utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + name.utf8.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == placeholder[0], index + placeholder.count <= bytes.count,
               bytes[index..<(index + placeholder.count)].elementsEqual(placeholder) {
                out += name.utf8
                index += placeholder.count
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
