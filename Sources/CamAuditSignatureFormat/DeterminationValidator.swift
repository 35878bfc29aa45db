import CamAuditModel

/// Checks the policy's determination rules as the build checks fingerprints (the parser
/// already requires one rule per list): at most one rule per list, every example yields its outcome (and missing fact), every case is reached by an
/// example, and sentences use only known placeholders.
public enum DeterminationValidator {
    public static func validate(_ policy: PolicyDefinition) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func error(_ location: SourceLocation, _ message: String) {
            diagnostics.append(Diagnostic(location: location, message: message))
        }
        var seen: Set<String> = []
        for rule in policy.determinations {
            if !seen.insert(rule.listID).inserted { error(rule.location, "list \(rule.listID) has two <determination> rules") }
        }
        for rule in policy.determinations {
            if rule.examples.isEmpty { error(rule.location, "list \(rule.listID): <determination> needs at least one <example>") }
            var reached: Set<Int> = []
            for example in rule.examples {
                let facts: EffectiveFacts
                switch example.effectiveFacts() {
                case .success(let value): facts = value
                case .failure(let problem):
                    error(example.location, "list \(rule.listID): example: \(problem)")
                    continue
                }
                let (decided, missing) = rule.decide(facts)
                let outcome = decided?.outcome ?? .needsFacts
                if let decided, let index = (rule.cases + [rule.otherwise]).firstIndex(of: decided) { reached.insert(index) }
                if outcome != example.outcome || missing?.1 != example.needs {
                    let got = missing.map { "needs-facts (\($0.1.rawValue))" } ?? outcome.rawValue
                    let wanted = example.needs.map { "needs-facts (\($0.rawValue))" } ?? example.outcome.rawValue
                    error(example.location, "list \(rule.listID): example yields \(got), expected \(wanted)")
                }
            }
            for (index, item) in (rule.cases + [rule.otherwise]).enumerated() {
                if !reached.contains(index) && !rule.examples.isEmpty {
                    error(item.location, "list \(rule.listID): no example reaches this \(index == rule.cases.count ? "<otherwise>" : "<case>")")
                }
                for placeholder in placeholders(in: item.sentence) where !DeterminationRule.placeholders.contains(placeholder) {
                    error(item.location, "list \(rule.listID): unknown placeholder \(placeholder)")
                }
            }
        }
        return diagnostics
    }

    static func placeholders(in sentence: String) -> [String] {
        var out: [String] = []
        var current: String?
        for character in sentence {
            if character == "{" { current = "{" } else if current != nil {
                current!.append(character)
                if character == "}" {
                    out.append(current!)
                    current = nil
                }
            }
        }
        return out
    }
}
