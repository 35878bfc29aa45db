import CamAuditModel
import CamAuditPattern

/// The checks that make signatures trustworthy, run by the build (the plugin fails on any
/// diagnostic), by `swift test` and by `camaudit signatures verify`:
/// unique ids, known fields and attributes, regexes that compile, at least one real example per
/// fingerprint, every example matching its own fingerprint and yielding exactly its expected
/// attributes, no earlier fingerprint on the same field shadowing a later one's example, and no
/// negative attributed to a maker other than its own.
public struct SignatureValidator {
    public init() {}

    public func validate(_ set: SignatureSet) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func error(_ location: SourceLocation, _ message: String) {
            diagnostics.append(Diagnostic(location: location, message: message))
        }

        let makerIDs = Set(set.makers.map(\.id))
        var seenIDs: [String: SourceLocation] = [:]
        var compiled: [CompiledFingerprint] = []

        for fingerprint in set.fingerprints {
            if let first = seenIDs[fingerprint.id] {
                error(fingerprint.location, "duplicate fingerprint id \(fingerprint.id) (first at \(first))")
            } else {
                seenIDs[fingerprint.id] = fingerprint.location
            }
            if !fingerprint.id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) {
                error(fingerprint.location, "fingerprint id \(fingerprint.id) must be lowercase kebab-case (<vendor>-<protocol>-<facet>)")
            }
            if fingerprint.examples.isEmpty {
                error(fingerprint.location, "fingerprint \(fingerprint.id) has no example: a signature without a real example does not ship")
            }
            for param in fingerprint.params {
                if param.name == AttributeName.maker, let value = param.value, !makerIDs.isEmpty, !makerIDs.contains(value) {
                    error(fingerprint.location, "fingerprint \(fingerprint.id) names maker '\(value)', which Signatures/vocab/makers.xml does not define")
                }
                if param.name == AttributeName.deviceType, let value = param.value, DeviceType(rawValue: value) == nil {
                    error(fingerprint.location, "fingerprint \(fingerprint.id): hw.device '\(value)' is not one of \(DeviceType.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            }
            let candidate: CompiledFingerprint
            do {
                candidate = try CompiledFingerprint(fingerprint)
            } catch {
                diagnostics.append(Diagnostic(location: fingerprint.location, message: "fingerprint \(fingerprint.id): \(error)"))
                continue
            }
            if let highest = fingerprint.params.map(\.position).max(), highest > candidate.pattern.captureCount {
                error(fingerprint.location, "fingerprint \(fingerprint.id): param pos=\(highest) but the pattern has \(candidate.pattern.captureCount) capture group(s)")
            }
            for example in fingerprint.examples {
                guard let yielded = candidate.evaluate(example.value) else {
                    error(example.location, "example does not match fingerprint \(fingerprint.id): \(Self.quote(example.value))")
                    continue
                }
                for (name, expected) in example.expected.sorted(by: { $0.key < $1.key }) where yielded[name] != expected {
                    error(example.location, "fingerprint \(fingerprint.id): example should yield \(name)=\(Self.quote(expected)) but yields \(yielded[name].map(Self.quote) ?? "nothing")")
                }
                for earlier in compiled where !Set(earlier.definition.fields).isDisjoint(with: fingerprint.fields) {
                    if earlier.evaluate(example.value) != nil {
                        error(example.location, "fingerprint \(earlier.definition.id) (\(earlier.definition.location)) shadows \(fingerprint.id): it matches this example first")
                    }
                }
            }
            compiled.append(candidate)
        }

        for negative in set.negatives {
            for fingerprint in compiled where !Set(fingerprint.definition.fields).isDisjoint(with: negative.fields) {
                guard let yielded = fingerprint.evaluate(negative.value), let maker = yielded[AttributeName.maker] else { continue }
                if negative.lookalike {
                    if fingerprint.definition.basis == .identity || fingerprint.definition.basis == .platform {
                        error(negative.location, "lookalike (\(negative.maker)) \(Self.quote(negative.value)) matches \(fingerprint.definition.id) (\(fingerprint.definition.location)), a \(fingerprint.definition.basis.rawValue) fingerprint: a trait other makers send must be stack or hint")
                    }
                    continue
                }
                if maker != negative.maker {
                    error(negative.location, "negative (\(negative.maker)) \(Self.quote(negative.value)) is attributed to \(maker) by \(fingerprint.definition.id) (\(fingerprint.definition.location))")
                }
            }
        }

        var prefixes: [String: String] = [:]
        for oui in set.ouis {
            if let other = prefixes[oui.prefix], other != oui.maker {
                diagnostics.append(Diagnostic(location: SourceLocation(file: "Signatures/mac/oui.csv", line: 0), message: "OUI \(oui.prefix) is assigned to both \(other) and \(oui.maker)"))
            }
            prefixes[oui.prefix] = oui.maker
            if !makerIDs.isEmpty && !makerIDs.contains(oui.maker) {
                diagnostics.append(Diagnostic(location: SourceLocation(file: "Signatures/mac/oui.csv", line: 0), message: "OUI \(oui.prefix) names maker '\(oui.maker)', which makers.xml does not define"))
            }
        }

        for maker in set.makers {
            if let parent = maker.parent, !makerIDs.contains(parent) {
                diagnostics.append(Diagnostic(location: SourceLocation(file: "Signatures/vocab/makers.xml", line: 0), message: "maker \(maker.id) has unknown parent \(parent)"))
            }
        }
        for brand in set.brands {
            for maker in [brand.owner, brand.oemOf].compactMap({ $0 }) where !makerIDs.contains(maker) {
                diagnostics.append(Diagnostic(location: SourceLocation(file: "Signatures/vocab/brands.xml", line: 0), message: "brand \(brand.name) names unknown maker \(maker)"))
            }
        }
        for list in set.policy.lists {
            for entity in list.entities where !makerIDs.isEmpty && !makerIDs.contains(entity) {
                diagnostics.append(Diagnostic(location: SourceLocation(file: "Signatures/policy/banlists.xml", line: 0), message: "list \(list.id) names unknown entity \(entity)"))
            }
        }
        diagnostics += DeterminationValidator.validate(set.policy)
        return diagnostics
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars.prefix(160) {
            switch scalar {
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            case "\"": out += "\\\""
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        if text.unicodeScalars.count > 160 { out += "…" }
        return out + "\""
    }
}
