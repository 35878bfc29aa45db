/// Splits a script of DDL into statements at top-level semicolons, for PostgreSQL's extended
/// protocol, which runs one statement per query. Quoted text ('…', "…") and dollar-quoted
/// function bodies ($$…$$) are kept whole.
import Foundation

enum SQLScript {
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var quote: Character?
        var inDollarBody = false
        var previous: Character?
        for character in script {
            current.append(character)
            if inDollarBody {
                if character == "$" && previous == "$" { inDollarBody = false; previous = nil; continue }
            } else if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "$" && previous == "$" {
                inDollarBody = true
                previous = nil
                continue
            } else if character == ";" {
                current.removeLast()
                let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !statement.isEmpty { statements.append(statement) }
                current = ""
            }
            previous = character
        }
        let last = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !last.isEmpty { statements.append(last) }
        return statements
    }
}
