/// What one rule of the policy means for one device, given the district's facts (banlists.md
/// §5, layer B). A flag for counsel, not legal advice.
public struct Determination: Sendable, Equatable {
    public var listID: String
    public var outcome: DeterminationOutcome
    /// One plain sentence citing the rule and the facts it used.
    public var sentence: String
    /// The facts the outcome rests on (for `needs-facts`, the missing one that would decide it).
    public var facts: [FactName]

    public init(listID: String, outcome: DeterminationOutcome, sentence: String, facts: [FactName]) {
        self.listID = listID
        self.outcome = outcome
        self.sentence = sentence
        self.facts = facts
    }

    public var json: JSONValue {
        .object([
            ("list", .string(listID)), ("outcome", .string(outcome.rawValue)),
            ("facts", .array(facts.map { .string($0.rawValue) })), ("sentence", .string(sentence)),
        ])
    }
}

public enum DeterminationOutcome: String, Sendable, Hashable, CaseIterable {
    /// The facts put the device's purchase (or its funding) inside the rule's prohibition.
    case prohibited
    /// The rule limits funding, renewals, maintenance or representations, not ownership.
    case restricted
    /// The facts put the device outside the rule.
    case notReached = "not-reached"
    /// A fact the district has not entered decides it; `Determination.facts` names it.
    case needsFacts = "needs-facts"

    /// Report order: what the law asks of the district first.
    public var rank: Int {
        switch self {
        case .prohibited: 0
        case .restricted: 1
        case .needsFacts: 2
        case .notReached: 3
        }
    }
}
