import CamAuditModel

extension DeterminationRule {
    /// Which case decides, or which fact is missing: cases are tried in order; a case with a
    /// false condition is passed over, a case whose conditions hold decides, and a case that
    /// could hold but for a missing fact stops the walk there: that fact decides.
    public func decide(_ facts: EffectiveFacts) -> (decided: DeterminationCase?, missing: (DeterminationCase, FactName)?) {
        for candidate in cases {
            var missing: FactName?
            var failed = false
            for condition in candidate.conditions {
                switch condition.holds(for: facts) {
                case .some(false): failed = true
                case .none: missing = missing ?? condition.test.fact
                case .some(true): break
                }
                if failed { break }
            }
            if failed { continue }
            if let missing { return (nil, (candidate, missing)) }
            return (candidate, nil)
        }
        return (otherwise, nil)
    }

    /// The determination for a device of `makerName` under `list`, one sentence citing both.
    public func evaluate(_ facts: EffectiveFacts, list: BanListDefinition, makerName: String) -> Determination {
        let outcome = decide(facts)
        if let (pending, fact) = outcome.missing {
            let citation = list.citation.split(separator: ";").first.map(String.init) ?? list.citation
            let condition = pending.conditions.map(\.phrase).joined(separator: " and ")
            let sentence = "\(list.name) (\(citation)) turns on \(fact.phrase), which has not been entered: if \(condition), the outcome would be \(pending.outcome.rawValue). Enter it with `\(fact.howToEnter)`."
            return Determination(listID: listID, outcome: .needsFacts, sentence: sentence, facts: [fact])
        }
        let decided = outcome.decided!
        var used: [FactName] = []
        for test in FactCondition.Test.allCases where decided.conditions.contains(where: { $0.test == test }) && !used.contains(test.fact) {
            used.append(test.fact)
        }
        // An `otherwise` rests on the facts that ruled the cases out.
        if decided.conditions.isEmpty {
            for candidate in cases {
                for condition in candidate.conditions where condition.holds(for: facts) == false && !used.contains(condition.test.fact) {
                    used.append(condition.test.fact)
                    break
                }
            }
        }
        return Determination(listID: listID, outcome: decided.outcome, sentence: fill(decided.sentence, facts: facts, makerName: makerName), facts: used)
    }

    func fill(_ template: String, facts: EffectiveFacts, makerName: String) -> String {
        var text = template
        let values: [(String, String)] = [
            ("{maker}", makerName),
            ("{state}", facts.state ?? "unknown"),
            ("{funding}", facts.funding?.joined(separator: ", ") ?? "unknown"),
            ("{acquired}", facts.acquired?.description ?? "unknown"),
            ("{federal-contractor}", facts.federalContractor.map { $0 ? "yes" : "no" } ?? "unknown"),
        ]
        for (placeholder, value) in values {
            text = text.split(separator: placeholder, omittingEmptySubsequences: false).joined(separator: value)
        }
        return text
    }

    static let placeholders = ["{maker}", "{state}", "{funding}", "{acquired}", "{federal-contractor}"]
}
