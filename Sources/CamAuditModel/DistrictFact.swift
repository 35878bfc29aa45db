import Foundation

/// What the district knows and a scan cannot see: how, when and with what money a device was
/// bought, the state, federal contracts. Kept apart from evidence (what a device said) and from
/// conclusions (what camaudit inferred), with who entered each fact and when.
public struct DistrictFact: Sendable, Equatable {
    /// A site's facts apply to its devices unless a device's own fact of the same name overrides.
    public enum Subject: Sendable, Hashable {
        case site(String)
        case device(Int64)
    }

    public var subject: Subject
    public var name: FactName
    /// Normalised text: `LA`, `e-rate,local`, `yes`, `2022-03-01`, free text for contract and note.
    public var value: String
    public var enteredBy: String
    public var enteredAt: Date
    /// `cli`, or `FILE:LINE` of the purchase record it came from.
    public var origin: String

    public init(subject: Subject, name: FactName, value: String, enteredBy: String, enteredAt: Date, origin: String) {
        self.subject = subject
        self.name = name
        self.value = value
        self.enteredBy = enteredBy
        self.enteredAt = enteredAt
        self.origin = origin
    }
}

/// The facts the determination rules read (banlists.md §5, "minimum data fields").
public enum FactName: String, Sendable, Hashable, CaseIterable, Codable {
    case state
    case funding
    case federalContractor = "federal-contractor"
    case acquired
    case contract
    case note
    case assetTag = "asset-tag"

    /// The option that enters this fact, for "needs-facts" sentences.
    public var howToEnter: String {
        switch self {
        case .state: "camaudit site facts SITE --state XX"
        case .funding: "camaudit site facts SITE --funding … (or device facts ID --funding …)"
        case .federalContractor: "camaudit site facts SITE --federal-contractor yes|no"
        case .acquired: "camaudit device facts ID --acquired YYYY-MM-DD (or import purchases)"
        case .contract: "camaudit device facts ID --contract TEXT"
        case .note: "camaudit device facts ID --note TEXT"
        case .assetTag: "camaudit device facts ID --asset-tag TAG"
        }
    }

    /// In a sentence: "the purchase date".
    public var phrase: String {
        switch self {
        case .state: "the state the site is in"
        case .funding: "the funding source"
        case .federalContractor: "whether the district holds federal contracts"
        case .acquired: "the acquisition date"
        case .contract: "the contract"
        case .note: "a note"
        case .assetTag: "the asset tag"
        }
    }
}

/// Funding sources as the district names them (`--funding`).
public enum FundingSource: String, Sendable, Hashable, CaseIterable {
    case eRate = "e-rate"
    case federalGrant = "federal-grant"
    case state
    case local

    /// Parses `e-rate,local` (commas or spaces, any case), sorted and de-duplicated; a word
    /// that is not a source is an error naming it.
    public static func parseList(_ text: String) -> Result<[FundingSource], FactError> {
        var out: Set<FundingSource> = []
        for word in text.lowercased().split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }) {
            guard let source = FundingSource(rawValue: String(word)) else {
                return .failure(FactError("unknown funding source '\(word)': use e-rate, federal-grant, state or local"))
            }
            out.insert(source)
        }
        guard !out.isEmpty else { return .failure(FactError("no funding source given: use e-rate, federal-grant, state or local")) }
        return .success(allCases.filter(out.contains))
    }
}

public struct FactError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
