import ArgumentParser
import CamAuditMatching
import CamAuditModel
import CamAuditSignatureFormat
import CamAuditSignatures

struct SignaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signatures",
        abstract: "Inspect the compiled signature table, verify signature files, try a value.",
        subcommands: [ListSignatures.self, VerifySignatures.self, MatchSignature.self]
    )
}

struct ListSignatures: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the fingerprints compiled into this binary.")

    @Option(help: "Only fingerprints for this observation field.")
    var field: String?

    @Flag(help: "JSON Lines instead of a table.")
    var json = false

    func run() throws {
        let set = BuiltInSignatures.set
        let fingerprints = set.fingerprints.filter { field == nil || $0.fields.contains(field!) }
        if json {
            for fingerprint in fingerprints {
                Output.line(JSONValue.object([
                    ("id", .string(fingerprint.id)),
                    ("fields", .array(fingerprint.fields.map(JSONValue.string))),
                    ("pattern", .string(fingerprint.pattern)),
                    ("maker", .optional(fingerprint.constantMaker)),
                    ("certainty", .number(fingerprint.certainty)),
                    ("basis", .string(fingerprint.basis.rawValue)),
                    ("examples", .int(fingerprint.examples.count)),
                    ("description", .string(fingerprint.description)),
                    ("location", .string(fingerprint.location.description)),
                ]).serialized())
            }
        } else {
            Output.line("signature table \(BuiltInSignatures.table.version): \(set.fingerprints.count) fingerprints, \(set.negatives.count) negatives, \(set.ouis.count) OUI assignments, policy \(set.policy.version)")
            for fingerprint in fingerprints {
                let maker = fingerprint.constantMaker ?? "-"
                Output.line("\(fingerprint.id.padding(44))  \(maker.padding(10))  \(String(fingerprint.certainty).padding(5))  \(fingerprint.basis.rawValue.padding(8))  \(fingerprint.fields.joined(separator: " "))")
            }
        }
    }
}

struct VerifySignatures: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check signature files as the build does (examples, shadowing, negatives); exit 1 on any problem.",
        discussion: "Files are checked together with the built-in vocabulary and policy, so a new fingerprint may name any known maker. With no files, the built-in table is re-checked."
    )

    @Argument(help: "Signature XML files (or a directory) to verify.")
    var files: [String] = []

    @Flag(help: "JSON Lines instead of compiler-style lines.")
    var json = false

    func run() throws {
        var set = BuiltInSignatures.set
        var diagnostics: [Diagnostic] = []
        if !files.isEmpty {
            let paths = files.flatMap { path in
                path.hasSuffix(".xml") || path.hasSuffix(".csv") ? [path] : SignatureDirectory.files(under: path)
            }
            let (loaded, parseDiagnostics) = SignatureDirectory.load(files: paths)
            diagnostics += parseDiagnostics
            // The user's fingerprints are checked against each other and the built-in vocabulary.
            set = SignatureSet(
                fingerprints: loaded.fingerprints, negatives: loaded.negatives,
                makers: set.makers + loaded.makers, brands: set.brands + loaded.brands,
                ouis: loaded.ouis, ouiSource: loaded.ouiSource,
                // A policy file among FILES is checked itself (its determination examples too).
                policy: loaded.policy.version.isEmpty ? set.policy : loaded.policy)
        }
        diagnostics += SignatureValidator().validate(set)
        for diagnostic in diagnostics {
            if json {
                Output.line(JSONValue.object([
                    ("file", .string(diagnostic.location.file)), ("line", .int(diagnostic.location.line)),
                    ("error", .string(diagnostic.message)),
                ]).serialized())
            } else {
                Output.line(diagnostic.description)
            }
        }
        let examples = set.fingerprints.reduce(0) { $0 + $1.examples.count }
        Output.error("\(set.fingerprints.count) fingerprints, \(examples) examples, \(set.negatives.count) negatives checked: \(diagnostics.count) problem(s)")
        if !diagnostics.isEmpty { throw ExitCode(1) }
    }
}

struct MatchSignature: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Show which fingerprint matches a value of a field, and what it sets.",
        discussion: "Example: camaudit signatures match http.header.server DNVRS-Webs"
    )

    @Argument(help: "Observation field, e.g. http.header.server, rtsp.realm, device.model, mac.oui.")
    var field: String

    @Argument(help: "The value, as the device sent it.")
    var value: String

    @Flag(help: "JSON instead of text.")
    var json = false

    func validate() throws {
        guard ObservationField.all.contains(field) else {
            throw ValidationError("unknown field '\(field)'. Known fields: \(ObservationField.all.sorted().joined(separator: ", "))")
        }
    }

    func run() throws {
        let matcher = BuiltInSignatures.classifier.matcher
        let evidence = matcher.evidence(for: Observation(field: field, value: value))
        if json {
            Output.line((evidence?.json() ?? .null).serialized())
        } else if let evidence {
            Output.line("\(evidence.fingerprintID) (certainty \(evidence.certainty), \(evidence.basis.rawValue))")
            for (name, attribute) in evidence.attributes.sorted(by: { $0.key < $1.key }) {
                Output.line("  \(name) = \(attribute)")
            }
        } else {
            Output.line("no fingerprint matches")
        }
        if evidence == nil { throw ExitCode(1) }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
