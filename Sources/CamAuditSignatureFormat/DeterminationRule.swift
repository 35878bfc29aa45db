import CamAuditModel

/// When a list reaches a device, as data in Signatures/policy/banlists.xml: an ordered list of
/// cases over the district's facts, the first that holds deciding, and an `otherwise`. Each
/// rule carries examples that the build and the tests evaluate, as fingerprints do.
public struct DeterminationRule: Sendable, Hashable {
    public var listID: String
    public var cases: [DeterminationCase]
    /// The outcome when no case holds (conditions empty).
    public var otherwise: DeterminationCase
    public var examples: [DeterminationExample]
    public var location: SourceLocation

    public init(listID: String, cases: [DeterminationCase], otherwise: DeterminationCase, examples: [DeterminationExample], location: SourceLocation) {
        self.listID = listID
        self.cases = cases
        self.otherwise = otherwise
        self.examples = examples
        self.location = location
    }
}

public struct DeterminationCase: Sendable, Hashable {
    /// `prohibited`, `restricted` or `not-reached`; `needs-facts` is never written, it follows
    /// from a missing fact.
    public var outcome: DeterminationOutcome
    /// All must hold (in the order of `FactCondition.Test.allCases`).
    public var conditions: [FactCondition]
    /// One sentence; `{maker}`, `{state}`, `{funding}`, `{acquired}` and `{federal-contractor}`
    /// are replaced by the values used.
    public var sentence: String
    public var location: SourceLocation

    public init(outcome: DeterminationOutcome, conditions: [FactCondition], sentence: String, location: SourceLocation) {
        self.outcome = outcome
        self.conditions = conditions
        self.sentence = sentence
        self.location = location
    }
}

/// One condition of a case, as its XML attribute says it.
public struct FactCondition: Sendable, Hashable {
    public enum Test: String, Sendable, CaseIterable {
        /// Space-separated two-letter codes: the site is in one of them.
        case state
        /// `yes` or `no`.
        case federalContractor = "federal-contractor"
        /// Space-separated sources: at least one of them paid.
        case funding
        /// Acquired on or after this date.
        case acquiredFrom = "acquired-from"
        /// Acquired before this date.
        case acquiredBefore = "acquired-before"

        public var fact: FactName {
            switch self {
            case .state: .state
            case .federalContractor: .federalContractor
            case .funding: .funding
            case .acquiredFrom, .acquiredBefore: .acquired
            }
        }
    }

    public var test: Test
    public var value: String

    public init(test: Test, value: String) {
        self.test = test
        self.value = value
    }

    var words: [String] { value.split(separator: " ").map(String.init) }

    /// True, false, or nil when the fact it reads is missing.
    public func holds(for facts: EffectiveFacts) -> Bool? {
        switch test {
        case .state: facts.state.map { words.map { $0.uppercased() }.contains($0) }
        case .federalContractor: facts.federalContractor.map { $0 == (value == "yes") }
        case .funding: facts.funding.map { !Set($0).isDisjoint(with: words) }
        case .acquiredFrom: facts.acquired.map { date in CalendarDate(value).map { date >= $0 } ?? false }
        case .acquiredBefore: facts.acquired.map { date in CalendarDate(value).map { date < $0 } ?? false }
        }
    }

    /// "funding includes federal-grant", for needs-facts sentences.
    public var phrase: String {
        switch test {
        case .state: "the site is in \(words.joined(separator: " or "))"
        case .federalContractor: value == "yes" ? "the district holds federal contracts" : "the district holds no federal contracts"
        case .funding: "\(words.joined(separator: " or ")) funds paid for it"
        case .acquiredFrom: "it was acquired on or after \(value)"
        case .acquiredBefore: "it was acquired before \(value)"
        }
    }
}

/// Facts in, outcome (and for `needs-facts`, the missing fact) out: a test the build runs.
public struct DeterminationExample: Sendable, Hashable {
    /// Fact name → value as a user would enter it.
    public var facts: [String: String]
    public var outcome: DeterminationOutcome
    public var needs: FactName?
    public var location: SourceLocation

    public init(facts: [String: String], outcome: DeterminationOutcome, needs: FactName?, location: SourceLocation) {
        self.facts = facts
        self.outcome = outcome
        self.needs = needs
        self.location = location
    }

    /// The example's facts as site facts of one device, normalised as the CLI stores them.
    public func effectiveFacts() -> Result<EffectiveFacts, FactError> {
        var values: [FactName: DistrictFact] = [:]
        for (name, raw) in facts {
            guard let fact = FactName(rawValue: name) else { return .failure(FactError("unknown fact \(name)")) }
            switch FactValidation.normalise(fact, raw) {
            case .success(let value):
                values[fact] = DistrictFact(subject: .site("example"), name: fact, value: value, enteredBy: "example", enteredAt: .init(timeIntervalSince1970: 0), origin: "example")
            case .failure(let error): return .failure(error)
            }
        }
        return .success(EffectiveFacts(values: values))
    }
}
