import CamAuditImport
import Foundation

/// Reads a file of Tests/Fixtures/import the way `camaudit import` does.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/import")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    struct Result {
        var outcome: TableReader.Outcome
        var rows: [ImportRow]
        var problems: [ImportProblem]

        func row(_ mac: String) -> ImportRow? { rows.first { $0.mac == mac } }
        var problemLines: [Int] { problems.map(\.line) }
    }

    static func read(_ name: String, _ kind: ImportKind, format: ImportFormat? = nil, switchName: String? = nil) throws -> Result {
        var rows: [ImportRow] = []
        var problems: [ImportProblem] = []
        let outcome = try TableReader.read(path: path(name), kind: kind, format: format, switchName: switchName,
                                           row: { rows.append($0) }, problem: { problems.append($0) })
        return Result(outcome: outcome, rows: rows, problems: problems)
    }
}
