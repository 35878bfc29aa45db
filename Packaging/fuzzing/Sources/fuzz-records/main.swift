import CamAuditDissectors
import CamAuditSignatures
import FuzzSupport

// `camaudit classify` on a JSON Lines file: each line parsed as a record, dissected and
// classified with the built-in table, as ClassifyCommand does line by line.
let classifier = BuiltInSignatures.classifier
_ = classifier.classify([])  // compiles the table once, outside every input's budget
fuzz { input in
    for (index, line) in input.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
        var text = Array(line)
        if text.last == 0x0D { text.removeLast() }
        guard case .success(let record) = RecordedResponse.parse(text, lineNumber: index + 1),
              let observations = try? record.observations() else { continue }
        _ = classifier.classify(observations)
    }
}
