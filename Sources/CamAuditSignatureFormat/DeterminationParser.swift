import CamAuditModel
import CamAuditXML

/// Reads a list's `<determination>` element (Signatures/README.md, "Determination rules").
enum DeterminationParser {
    static func parse(_ element: XMLElement, listID: String, path: String) -> (DeterminationRule?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        func error(_ line: Int, _ message: String) {
            diagnostics.append(Diagnostic(location: SourceLocation(file: path, line: line), message: message))
        }
        var cases: [DeterminationCase] = []
        var otherwise: DeterminationCase?
        var examples: [DeterminationExample] = []
        for child in element.children {
            switch child.name {
            case "case", "otherwise":
                if otherwise != nil { error(child.line, "list \(listID): <\(child.name)> after <otherwise> is never reached") }
                guard let outcome = child.attribute("outcome").flatMap(DeterminationOutcome.init(rawValue:)), outcome != .needsFacts else {
                    error(child.line, "list \(listID): <\(child.name)> needs outcome=\"prohibited|restricted|not-reached\" (needs-facts follows from a missing fact)")
                    continue
                }
                var conditions: [FactCondition] = []
                for test in FactCondition.Test.allCases {
                    guard let value = child.attribute(test.rawValue) else { continue }
                    if let problem = check(test, value) { error(child.line, "list \(listID): \(problem)") }
                    conditions.append(FactCondition(test: test, value: value))
                }
                for attribute in child.attributes where attribute.name != "outcome" && FactCondition.Test(rawValue: attribute.name) == nil {
                    error(child.line, "list \(listID): unknown condition \(attribute.name)= (known: \(FactCondition.Test.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                let sentence = child.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                if sentence.isEmpty { error(child.line, "list \(listID): <\(child.name)> needs its sentence as text") }
                let definition = DeterminationCase(outcome: outcome, conditions: conditions, sentence: sentence, location: SourceLocation(file: path, line: child.line))
                if child.name == "otherwise" {
                    if !conditions.isEmpty { error(child.line, "list \(listID): <otherwise> takes no conditions") }
                    otherwise = definition
                } else {
                    if conditions.isEmpty { error(child.line, "list \(listID): a <case> without conditions is an <otherwise>") }
                    cases.append(definition)
                }
            case "example":
                var facts: [String: String] = [:]
                for attribute in child.attributes where !["outcome", "needs"].contains(attribute.name) {
                    guard FactName(rawValue: attribute.name) != nil else {
                        error(child.line, "list \(listID): example names unknown fact \(attribute.name)")
                        continue
                    }
                    facts[attribute.name] = attribute.value
                }
                guard let outcome = child.attribute("outcome").flatMap(DeterminationOutcome.init(rawValue:)) else {
                    error(child.line, "list \(listID): <example> needs outcome=\"prohibited|restricted|not-reached|needs-facts\"")
                    continue
                }
                let needs = child.attribute("needs").flatMap(FactName.init(rawValue:))
                if (outcome == .needsFacts) != (needs != nil) {
                    error(child.line, "list \(listID): an example says needs=\"FACT\" exactly when its outcome is needs-facts")
                }
                examples.append(DeterminationExample(facts: facts, outcome: outcome, needs: needs, location: SourceLocation(file: path, line: child.line)))
            default:
                error(child.line, "list \(listID): unknown element <\(child.name)> in <determination>")
            }
        }
        guard let otherwise else {
            error(element.line, "list \(listID): <determination> needs a final <otherwise outcome=…>")
            return (nil, diagnostics)
        }
        return (DeterminationRule(listID: listID, cases: cases, otherwise: otherwise, examples: examples, location: SourceLocation(file: path, line: element.line)), diagnostics)
    }

    /// The problem with a condition's value, if any.
    static func check(_ test: FactCondition.Test, _ value: String) -> String? {
        let words = value.split(separator: " ").map(String.init)
        if words.isEmpty { return "\(test.rawValue)= is empty" }
        switch test {
        case .state:
            for word in words { if case .failure(let problem) = FactValidation.normalise(.state, word) { return problem.description } }
        case .federalContractor:
            if value != "yes" && value != "no" { return "federal-contractor= must be yes or no" }
        case .funding:
            for word in words where FundingSource(rawValue: word) == nil { return "unknown funding source \(word)" }
        case .acquiredFrom, .acquiredBefore:
            if CalendarDate(value) == nil { return "\(test.rawValue)= must be a date YYYY-MM-DD" }
        }
        return nil
    }
}
