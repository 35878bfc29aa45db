import CamAuditModel

// The policy's determination rules in the compiled table, after the lists.

extension TokenWriter {
    mutating func putDeterminations(_ rules: [DeterminationRule]) {
        put(rules.count)
        for rule in rules {
            put(rule.listID)
            put(rule.location)
            put(rule.cases.count)
            for item in rule.cases + [rule.otherwise] {
                put(item.outcome.rawValue)
                put(item.conditions.count)
                for condition in item.conditions {
                    put(condition.test.rawValue)
                    put(condition.value)
                }
                put(item.sentence)
                put(item.location)
            }
            put(rule.examples.count)
            for example in rule.examples {
                let facts = example.facts.sorted { $0.key < $1.key }
                put(facts.count)
                for (name, value) in facts {
                    put(name)
                    put(value)
                }
                put(example.outcome.rawValue)
                putOptional(example.needs?.rawValue)
                put(example.location)
            }
        }
    }
}

extension TokenReader {
    mutating func determinations() throws(SignatureSetCodec.DecodeError) -> [DeterminationRule] {
        var rules: [DeterminationRule] = []
        for _ in 0..<(try int()) {
            let listID = try string()
            let location = try location()
            var cases: [DeterminationCase] = []
            for _ in 0...(try int()) {
                guard let outcome = DeterminationOutcome(rawValue: try string()) else { throw .init(message: "bad outcome") }
                var conditions: [FactCondition] = []
                for _ in 0..<(try int()) {
                    guard let test = FactCondition.Test(rawValue: try string()) else { throw .init(message: "bad condition") }
                    conditions.append(FactCondition(test: test, value: try string()))
                }
                cases.append(DeterminationCase(outcome: outcome, conditions: conditions, sentence: try string(), location: try self.location()))
            }
            var examples: [DeterminationExample] = []
            for _ in 0..<(try int()) {
                var facts: [String: String] = [:]
                for _ in 0..<(try int()) {
                    let name = try string()
                    facts[name] = try string()
                }
                guard let outcome = DeterminationOutcome(rawValue: try string()) else { throw .init(message: "bad outcome") }
                let needs = try optional().flatMap(FactName.init(rawValue:))
                examples.append(DeterminationExample(facts: facts, outcome: outcome, needs: needs, location: try self.location()))
            }
            let otherwise = cases.removeLast()
            rules.append(DeterminationRule(listID: listID, cases: cases, otherwise: otherwise, examples: examples, location: location))
        }
        return rules
    }
}
