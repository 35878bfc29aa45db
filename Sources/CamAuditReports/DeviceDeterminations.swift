import CamAuditModel
import CamAuditSignatureFormat
import CamAuditStore

/// The determination stage: a flagged device's lists, the district's facts for it, and the
/// policy's rules give one outcome per list. Computed when reporting, never stored, so a new
/// fact or a new policy shows at once and conclusions stay what the evidence says.
public enum DeviceDeterminations {
    public static func compute(_ row: InventoryRow, facts: [DistrictFact], policy: PolicyDefinition, makerNames: [String: String]) -> [Determination] {
        guard row.verdict == "covered" || row.verdict == "likely-covered", let maker = row.maker else { return [] }
        let effective = EffectiveFacts(device: row.deviceID, site: row.site, facts: facts)
        let name = makerNames[maker] ?? maker.prefix(1).uppercased() + maker.dropFirst()
        var out: [Determination] = []
        for list in policy.lists where row.lists.contains(list.id) {
            guard let rule = policy.determination(for: list.id) else { continue }
            var determination = rule.evaluate(effective, list: list, makerName: name)
            if row.verdict == "likely-covered" {
                // A protocol match is never "covered" (banlists.md §5): the outcome holds only
                // once the vendor's §889 attestation confirms the maker.
                determination.sentence = "If this is confirmed as \(name)-produced equipment: " + determination.sentence
            }
            out.append(determination)
        }
        return out.enumerated().sorted { ($0.element.outcome.rank, $0.offset) < ($1.element.outcome.rank, $1.offset) }.map(\.element)
    }
}

/// What the law asks of the district, for the opening of the board report.
public struct LawSummary: Sendable {
    public struct Item: Sendable {
        public var row: InventoryRow
        public var determination: Determination
    }

    /// A missing fact and the devices (per site) whose outcome it would decide.
    public struct MissingFact: Sendable {
        public var fact: FactName
        public var site: String
        public var devices: [Int64]
        public var lists: [String]
    }

    public var prohibited: [Item] = []
    public var restricted: [Item] = []
    public var missing: [MissingFact] = []
    /// Flagged devices whose every applicable rule is not-reached.
    public var notReached: Int = 0

    public init(rows: [InventoryRow], determinations: [Int64: [Determination]]) {
        var missingBy: [String: MissingFact] = [:]
        for row in rows {
            let items = determinations[row.deviceID] ?? []
            if !items.isEmpty && items.allSatisfy({ $0.outcome == .notReached }) { notReached += 1 }
            for item in items {
                switch item.outcome {
                case .prohibited: prohibited.append(Item(row: row, determination: item))
                case .restricted: restricted.append(Item(row: row, determination: item))
                case .needsFacts:
                    for fact in item.facts {
                        let site = row.site ?? "(no site)"
                        let key = "\(fact.rawValue)|\(site)"
                        var entry = missingBy[key] ?? MissingFact(fact: fact, site: site, devices: [], lists: [])
                        if !entry.devices.contains(row.deviceID) { entry.devices.append(row.deviceID) }
                        if !entry.lists.contains(item.listID) { entry.lists.append(item.listID) }
                        missingBy[key] = entry
                    }
                case .notReached: break
                }
            }
        }
        missing = missingBy.values.sorted { ($0.site, $0.fact.rawValue) < ($1.site, $1.fact.rawValue) }
    }

    /// The opening sentence.
    public var sentence: String {
        func devices(_ items: [Item]) -> Int { Set(items.map(\.row.deviceID)).count }
        let p = devices(prohibited), r = devices(restricted)
        let m = Set(missing.flatMap(\.devices)).count
        var parts: [String] = []
        parts.append(p == 0 ? "no device is prohibited on the facts entered" : "\(p) device\(p == 1 ? " was" : "s were") acquired in a way a rule prohibits")
        if r > 0 { parts.append("\(r) \(r == 1 ? "is" : "are") restricted (funding, maintenance, contracts or representations)") }
        if m > 0 { parts.append("\(m) need\(m == 1 ? "s" : "") a fact the district has not entered before a rule can be decided") }
        let text = parts.joined(separator: "; ")
        return text.prefix(1).uppercased() + text.dropFirst() + "."
    }
}

extension BoardReport {
    /// Maker ids to the names the sentences use ("hikvision" → "Hikvision").
    public static func makerNames(_ makers: [MakerDefinition]) -> [String: String] {
        Dictionary(makers.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}
