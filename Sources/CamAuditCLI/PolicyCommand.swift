import ArgumentParser
import CamAuditModel
import CamAuditSignatures

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Show the ban lists the verdicts cite.",
        subcommands: [ShowPolicy.self]
    )
}

struct ShowPolicy: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the lists, their citations, dates and what they mean for a school district.")

    @Flag(help: "JSON instead of text.")
    var json = false

    func run() throws {
        let policy = BuiltInSignatures.set.policy
        if json {
            Output.line(JSONValue.object([
                ("version", .string(policy.version)),
                ("reviewed", .string(policy.reviewed)),
                ("source", .string(policy.source)),
                ("lists", .array(policy.lists.map { list in
                    .object([
                        ("id", .string(list.id)), ("name", .string(list.name)), ("authority", .string(list.authority)),
                        ("citation", .string(list.citation)), ("date", .string(list.date)),
                        ("entities", .array(list.entities.map(JSONValue.string))),
                        ("extends_to_affiliates", .bool(list.extendsToAffiliates)),
                        ("effect", .string(list.effect)), ("restricts", .string(list.restricts)),
                        ("binds", .string(list.binds)), ("url", .string(list.url)),
                        ("determination", .optional(policy.determination(for: list.id)?.summary)),
                    ])
                })),
            ]).serialized())
            return
        }
        Output.line("Ban-list policy \(policy.version), facts reviewed \(policy.reviewed) (\(policy.source)). Not legal advice.")
        for list in policy.lists {
            Output.line("")
            Output.line("\(list.id) — \(list.name)")
            Output.line("  authority: \(list.authority)")
            Output.line("  citation:  \(list.citation)")
            Output.line("  date:      \(list.date)")
            Output.line("  names:     \(list.entities.joined(separator: ", "))\(list.extendsToAffiliates ? " and their subsidiaries and affiliates" : " (named entities only)")")
            Output.line("  effect:    \(list.effect) — \(list.restricts)")
            Output.line("  binds:     \(list.binds)")
            if let rule = policy.determination(for: list.id) { Output.line("  reaches:   \(rule.summary)") }
            Output.line("  source:    \(list.url)")
        }
    }
}
