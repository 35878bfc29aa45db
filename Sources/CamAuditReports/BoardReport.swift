import CamAuditModel
import CamAuditSignatureFormat
import CamAuditStore
import Foundation

/// Everything a report shows, gathered once from the inventory and the policy; each format
/// renders this same value, so HTML, CSV, JSON and Markdown never disagree.
public struct BoardReport: Sendable {
    public struct SiteSummary: Sendable, Equatable {
        public var site: String
        public var devices: Int
        public var covered: Int
        public var likelyCovered: Int
        public var notCovered: Int
        public var unknown: Int
    }

    public var generatedAt: Date
    public var rows: [InventoryRow]
    public var sites: [SiteSummary]
    /// Per site, its latest scan against the one before it (sites scanned once are absent).
    public var changes: [(site: String?, diff: InventoryDiff)]
    public var policy: PolicyDefinition
    public var tableVersion: String
    public var scans: [(id: Int64, kind: String, scope: String, startedAt: Date, status: String, devices: Int, covered: Int)]
    /// Every fact the district entered for these sites, oldest first (who, when, from where).
    public var facts: [DistrictFact]
    /// Per flagged device, one outcome per list that names its maker (DeviceDeterminations).
    public var determinations: [Int64: [Determination]]

    /// Per site, cameras recorders may hide (see BoardReport+Recorders); empty without a decoder.
    public var recorderSites: [RecorderSite] = []

    /// `makerNames` maps maker ids to display names for the determination sentences.
    /// `recorderInputs` reads a recorder's model number (the signature table's `recorder.model`
    /// rules); without it the report has no section on cameras behind recorders.
    public init(store: any InventoryBackend, site: String?, policy: PolicyDefinition, tableVersion: String, makerNames: [String: String] = [:], now: Date = Date(),
                recorderInputs: ((String) -> RecorderInputs?)? = nil) throws {
        generatedAt = now
        rows = try store.inventory(site: site)
        facts = try store.facts(site: site)
        // Each device reads its own and its site's facts only (grouped once, order kept).
        var factsBySite: [String: [DistrictFact]] = [:], byDevice: [Int64: [DistrictFact]] = [:]
        for fact in facts {
            switch fact.subject {
            case .site(let name): factsBySite[name, default: []].append(fact)
            case .device(let id): byDevice[id, default: []].append(fact)
            }
        }
        var determinations: [Int64: [Determination]] = [:]
        // A determination depends on the maker, verdict, lists and facts, not on which device:
        // devices without facts of their own share their site's (a district's cameras are
        // mostly alike; writing each one's sentences is what made a 100,000-device report slow).
        var shared: [String: [Determination]] = [:]
        for row in rows {
            let deviceFacts = byDevice[row.deviceID] ?? []
            let key = deviceFacts.isEmpty ? [row.maker ?? "", row.verdict, row.lists.joined(separator: ","), row.site ?? ""].joined(separator: "\u{1F}") : nil
            if let key, let known = shared[key] {
                determinations[row.deviceID] = known
                continue
            }
            let own = (row.site.flatMap { factsBySite[$0] } ?? []) + deviceFacts
            let computed = DeviceDeterminations.compute(row, facts: own, policy: policy, makerNames: makerNames)
            determinations[row.deviceID] = computed
            if let key { shared[key] = computed }
        }
        self.determinations = determinations
        changes = ((try? store.latestChangesBySite()) ?? []).filter { site == nil || $0.site == site }
        scans = try store.scans()
        self.policy = policy
        self.tableVersion = tableVersion
        var bySite: [String: SiteSummary] = [:]
        for row in rows {
            let name = row.site ?? "(no site)"
            var summary = bySite[name] ?? SiteSummary(site: name, devices: 0, covered: 0, likelyCovered: 0, notCovered: 0, unknown: 0)
            summary.devices += 1
            switch row.verdict {
            case "covered": summary.covered += 1
            case "likely-covered": summary.likelyCovered += 1
            case "not-covered": summary.notCovered += 1
            default: summary.unknown += 1
            }
            bySite[name] = summary
        }
        sites = bySite.values.sorted { ($0.covered + $0.likelyCovered, $1.site) > ($1.covered + $1.likelyCovered, $0.site) }
        if let recorderInputs { recorderSites = Self.recorderSites(rows, recorderInputs) }
    }

    /// What the law asks of the district: prohibited, restricted, missing facts.
    public var law: LawSummary { LawSummary(rows: rows, determinations: determinations) }

    /// Devices the lists name (covered or likely covered).
    public var flagged: [InventoryRow] { rows.filter { $0.verdict == "covered" || $0.verdict == "likely-covered" } }

    /// Flagged devices by kind, in the words of the headline.
    public var flaggedByKind: [(label: String, count: Int)] {
        let groups: [(String, Set<String>)] = [
            ("thermal / fever-screening scanners", ["thermal"]),
            ("video recorders", ["nvr", "dvr"]),
            ("cameras", ["camera", "ptz"]),
            ("doorbells and intercoms", ["doorbell", "intercom"]),
            ("access-control terminals", ["access-control"]),
        ]
        var out: [(String, Int)] = []
        var counted = 0
        for (label, types) in groups {
            let count = flagged.filter { types.contains($0.deviceType ?? "") }.count
            if count > 0 { out.append((label, count)) }
            counted += count
        }
        if flagged.count > counted { out.append(("other devices", flagged.count - counted)) }
        return out
    }

    /// Remediation status of the flagged devices (nil status: no decision recorded).
    public var remediationCounts: [(status: String, count: Int)] {
        ["replaced", "removed", "planned", "exempt"].map { status in (status, flagged.filter { $0.remediation == status }.count) }
            + [("no decision yet", flagged.filter { $0.remediation == nil }.count)]
    }

    /// The headline sentence, in plain words.
    public var headline: String {
        let schools = Set(flagged.map { $0.site ?? "(no site)" }).count
        guard !flagged.isEmpty else {
            return "No device made by a company named on the ban lists was found among \(rows.count) devices."
        }
        let kinds = flaggedByKind.map { "\($0.count) \($0.label)" }.joined(separator: ", ")
        return "\(flagged.count) device\(flagged.count == 1 ? "" : "s") made by companies named on federal ban lists \(flagged.count == 1 ? "was" : "were") found at \(schools) site\(schools == 1 ? "" : "s"): \(kinds)."
    }
}
