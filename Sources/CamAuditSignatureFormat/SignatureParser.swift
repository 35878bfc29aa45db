import CamAuditModel
import CamAuditPattern
import CamAuditXML

/// Reads the files of `Signatures/` into definitions, collecting `file:line` diagnostics
/// instead of stopping at the first problem.
public struct SignatureParser {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    /// Dispatches on the root element: `<fingerprints>`, `<makers>`, `<brands>` or `<policy>`.
    public mutating func parseXML(_ bytes: [UInt8], path: String, into set: inout SignatureSet) {
        let document: XMLDocument
        do {
            document = try XMLDocumentParser().parse(bytes)
        } catch let failure {
            error(path, failure.line, "malformed XML: \(failure.message)")
            return
        }
        let root = document.root
        switch root.name {
        case "fingerprints": parseFingerprints(root, path: path, into: &set)
        case "makers": parseMakers(root, path: path, into: &set)
        case "brands": parseBrands(root, path: path, into: &set)
        case "policy": parsePolicy(root, path: path, into: &set)
        default: error(path, root.line, "unknown root element <\(root.name)>; expected <fingerprints>, <makers>, <brands> or <policy>")
        }
    }

    // MARK: fingerprints

    private mutating func parseFingerprints(_ root: XMLElement, path: String, into set: inout SignatureSet) {
        let fileFields = fields(of: root)
        guard !fileFields.isEmpty else {
            error(path, root.line, "<fingerprints> needs a field attribute naming the observation field(s) it matches")
            return
        }
        for field in fileFields where !ObservationField.all.contains(field) {
            error(path, root.line, "unknown observation field '\(field)'")
        }
        for element in root.children {
            switch element.name {
            case "fingerprint":
                if let fingerprint = parseFingerprint(element, fields: fileFields, path: path) {
                    set.fingerprints.append(fingerprint)
                }
            case "negative":
                let maker = element.attribute("maker") ?? ""
                if maker.isEmpty { error(path, element.line, "<negative> needs maker=\"…\" (the true maker, or 'unknown')") }
                guard let value = exampleValue(element, path: path) else { continue }
                set.negatives.append(NegativeDefinition(
                    fields: fileFields, value: value, maker: maker,
                    source: element.attribute("source") ?? "", location: SourceLocation(file: path, line: element.line),
                    lookalike: element.attribute("lookalike") == "true"))
                if (element.attribute("source") ?? "").isEmpty {
                    error(path, element.line, "<negative> needs source=\"…\" saying where the real value came from")
                }
            case "description":
                break
            default:
                error(path, element.line, "unexpected <\(element.name)> in <fingerprints>")
            }
        }
    }

    private mutating func parseFingerprint(_ element: XMLElement, fields: [String], path: String) -> FingerprintDefinition? {
        let location = SourceLocation(file: path, line: element.line)
        guard let id = element.attribute("id"), !id.isEmpty else {
            error(path, element.line, "<fingerprint> needs an id")
            return nil
        }
        guard let pattern = element.attribute("pattern"), !pattern.isEmpty else {
            error(path, element.line, "fingerprint \(id) needs a pattern")
            return nil
        }
        var options: PatternOptions = []
        for flag in (element.attribute("flags") ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "|" }) {
            switch flag {
            case "REG_ICASE": options.insert(.caseInsensitive)
            case "REG_DOT_NEWLINE": options.insert(.dotMatchesNewline)
            case "REG_MULTILINE", "REG_LINE_ANY_CRLF": options.insert(.multiline)
            default: error(path, element.line, "fingerprint \(id): unknown flag \(flag) (REG_ICASE, REG_DOT_NEWLINE, REG_MULTILINE)")
            }
        }
        let certaintyText = element.attribute("certainty") ?? "0.9"
        guard let certainty = Double(certaintyText), certainty > 0, certainty <= 1 else {
            error(path, element.line, "fingerprint \(id): certainty must be a number in (0, 1], not '\(certaintyText)'")
            return nil
        }
        let basisText = element.attribute("basis") ?? "identity"
        guard let basis = EvidenceBasis(rawValue: basisText) else {
            error(path, element.line, "fingerprint \(id): basis must be identity, platform, stack or hint, not '\(basisText)'")
            return nil
        }
        var description = ""
        var params: [ParamDefinition] = []
        var examples: [ExampleDefinition] = []
        for child in element.children {
            switch child.name {
            case "description":
                description = child.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            case "param":
                guard let posText = child.attribute("pos"), let position = Int(posText), position >= 0 else {
                    error(path, child.line, "fingerprint \(id): <param> needs pos=\"N\" (0 for a constant)")
                    continue
                }
                guard let name = child.attribute("name"), AttributeName.all.contains(name) else {
                    error(path, child.line, "fingerprint \(id): <param> name must be one of \(AttributeName.all.sorted().joined(separator: ", "))")
                    continue
                }
                let value = child.attribute("value")
                if position == 0 && (value ?? "").isEmpty {
                    error(path, child.line, "fingerprint \(id): <param pos=\"0\" name=\"\(name)\"> needs a value")
                }
                if position > 0 && value != nil {
                    error(path, child.line, "fingerprint \(id): <param pos=\"\(position)\"> takes its value from the capture; remove value=")
                }
                params.append(ParamDefinition(position: position, name: name, value: value))
            case "example":
                guard let value = exampleValue(child, path: path) else { continue }
                var expected: [String: String] = [:]
                for attribute in child.attributes where attribute.name.contains(".") {
                    guard AttributeName.all.contains(attribute.name) else {
                        error(path, child.line, "fingerprint \(id): example names unknown attribute \(attribute.name)")
                        continue
                    }
                    expected[attribute.name] = attribute.value
                }
                let source = child.attribute("source") ?? ""
                if source.isEmpty {
                    error(path, child.line, "fingerprint \(id): <example> needs source=\"…\" saying where the real value came from")
                }
                examples.append(ExampleDefinition(value: value, expected: expected, source: source, location: SourceLocation(file: path, line: child.line)))
            default:
                error(path, child.line, "fingerprint \(id): unexpected <\(child.name)>")
            }
        }
        return FingerprintDefinition(
            id: id, fields: fields, pattern: pattern, options: options, certainty: certainty, basis: basis,
            description: description, params: params, examples: examples, location: location)
    }

    /// Example text, base64-decoded when `_encoding="base64"` (for banners with control bytes).
    private mutating func exampleValue(_ element: XMLElement, path: String) -> String? {
        switch element.attribute("_encoding") {
        case nil:
            return element.text
        case "base64":
            let compact = element.text.filter { !$0.isWhitespace }
            guard let bytes = Base64.decode(compact) else {
                error(path, element.line, "example is not valid base64")
                return nil
            }
            return Base64.string(from: bytes)
        case let other?:
            error(path, element.line, "unknown _encoding '\(other)'; only base64 is supported")
            return nil
        }
    }

    private func fields(of root: XMLElement) -> [String] {
        (root.attribute("field") ?? "").split(separator: " ").map(String.init)
    }

    // MARK: vocabularies and policy

    private mutating func parseMakers(_ root: XMLElement, path: String, into set: inout SignatureSet) {
        for element in root.children where element.name == "maker" {
            guard let id = element.attribute("id"), let name = element.attribute("name") else {
                error(path, element.line, "<maker> needs id and name")
                continue
            }
            set.makers.append(MakerDefinition(
                id: id, name: name, legalName: element.attribute("legal-name") ?? name,
                parent: element.attribute("parent"), relation: element.attribute("relation"),
                period: element.attribute("period"), note: collapse(element.text)))
        }
    }

    private mutating func parseBrands(_ root: XMLElement, path: String, into set: inout SignatureSet) {
        for element in root.children where element.name == "brand" {
            guard let name = element.attribute("name") else {
                error(path, element.line, "<brand> needs a name")
                continue
            }
            let confidence = Double(element.attribute("oem-confidence") ?? "0") ?? -1
            if !(0...1).contains(confidence) {
                error(path, element.line, "brand \(name): oem-confidence must be in [0, 1]")
            }
            if element.attribute("owner") == nil && element.attribute("oem-of") == nil {
                error(path, element.line, "brand \(name): needs owner= (own brand) or oem-of= (relabel)")
            }
            set.brands.append(BrandDefinition(
                name: name, owner: element.attribute("owner"), oemOf: element.attribute("oem-of"),
                oemConfidence: max(0, confidence), note: collapse(element.text)))
        }
    }

    private mutating func parsePolicy(_ root: XMLElement, path: String, into set: inout SignatureSet) {
        var lists: [BanListDefinition] = []
        var determinations: [DeterminationRule] = []
        for element in root.children where element.name == "list" {
            let required = ["id", "name", "authority", "citation", "date", "entities", "effect", "url"]
            let missing = required.filter { (element.attribute($0) ?? "").isEmpty }
            guard missing.isEmpty else {
                error(path, element.line, "<list> is missing \(missing.joined(separator: ", "))")
                continue
            }
            let effect = element.attribute("effect")!
            if !["direct", "conditional", "supply", "context"].contains(effect) {
                error(path, element.line, "list \(element.attribute("id")!): effect must be direct, conditional, supply or context")
            }
            lists.append(BanListDefinition(
                id: element.attribute("id")!, name: element.attribute("name")!,
                authority: element.attribute("authority")!, citation: element.attribute("citation")!,
                date: element.attribute("date")!,
                entities: element.attribute("entities")!.split(separator: " ").map(String.init),
                extendsToAffiliates: element.attribute("affiliates") != "no",
                restricts: collapse(element.child(named: "restricts")?.text ?? ""),
                binds: collapse(element.child(named: "binds")?.text ?? ""),
                effect: effect,
                statement: collapse(element.child(named: "statement")?.text ?? ""),
                url: element.attribute("url")!))
            if element.child(named: "statement") == nil {
                error(path, element.line, "list \(element.attribute("id")!) needs a <statement>")
            }
            if let rule = element.child(named: "determination") {
                let (parsed, problems) = DeterminationParser.parse(rule, listID: element.attribute("id")!, path: path)
                diagnostics += problems
                if let parsed { determinations.append(parsed) }
            } else {
                error(path, element.line, "list \(element.attribute("id")!) needs a <determination> saying when it reaches a device")
            }
        }
        set.policy = PolicyDefinition(
            version: root.attribute("version") ?? "", reviewed: root.attribute("reviewed") ?? "",
            source: root.attribute("source") ?? "", lists: lists, determinations: determinations)
        if set.policy.version.isEmpty || set.policy.reviewed.isEmpty {
            error(path, root.line, "<policy> needs version= and reviewed=")
        }
    }

    // MARK: OUI extract

    /// `registry,prefix,maker,organization` lines; `#` lines carry provenance.
    public mutating func parseOUICSV(_ text: String, path: String, into set: inout SignatureSet) {
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.hasPrefix("# source:") {
                set.ouiSource = line.dropFirst("# source:".count).trimmingSpaces()
                continue
            }
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("registry,") { continue }
            let columns = CSVLine.split(String(line))
            guard columns.count == 4 else {
                error(path, lineNumber, "expected registry,prefix,maker,organization")
                continue
            }
            let prefix = columns[1].uppercased()
            guard [6, 7, 9].contains(prefix.count), prefix.allSatisfy(\.isHexDigit) else {
                error(path, lineNumber, "prefix '\(columns[1])' is not 6, 7 or 9 hex digits")
                continue
            }
            set.ouis.append(OUIAssignment(registry: columns[0], prefix: prefix, maker: columns[2], organization: columns[3]))
        }
    }

    // MARK: helpers

    private mutating func error(_ file: String, _ line: Int, _ message: String) {
        diagnostics.append(Diagnostic(location: SourceLocation(file: file, line: line), message: message))
    }

    private func collapse(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(location: SourceLocation, message: String) {
        self.location = location
        self.message = message
    }

    /// The form compilers use, which SwiftPM and editors turn into clickable errors.
    public var description: String { "\(location.file):\(location.line): error: \(message)" }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}

/// Splits one CSV line with RFC 4180 quoting.
enum CSVLine {
    static func split(_ line: String) -> [String] {
        var columns: [String] = []
        var current = ""
        var quoted = false
        let characters = Array(line)
        var index = 0
        while index < characters.count {
            let ch = characters[index]
            if quoted {
                if ch == "\"" {
                    if index + 1 < characters.count && characters[index + 1] == "\"" {
                        current.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(ch)
                }
            } else if ch == "\"" {
                quoted = true
            } else if ch == "," {
                columns.append(current)
                current = ""
            } else {
                current.append(ch)
            }
            index += 1
        }
        columns.append(current)
        return columns
    }
}
