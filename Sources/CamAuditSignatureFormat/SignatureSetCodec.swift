import CamAuditModel
import CamAuditPattern

/// Serialises a validated `SignatureSet` to a compact string of length-prefixed tokens
/// (`<bytes>:<text>`), which the generated source embeds as one literal. One string literal
/// compiles in an instant at any optimisation level, where the same data as hundreds of
/// initialiser calls took the optimiser minutes; decoding it at start takes about a millisecond.
public enum SignatureSetCodec {
    static let formatVersion = "camaudit-signatures-1"

    public static func encode(_ set: SignatureSet) -> String {
        var writer = TokenWriter()
        writer.put(formatVersion)
        writer.put(set.fingerprints.count)
        for fingerprint in set.fingerprints {
            writer.put(fingerprint.id)
            writer.put(fingerprint.fields)
            writer.put(fingerprint.pattern)
            writer.put(fingerprint.options.rawValue)
            writer.put(String(fingerprint.certainty))
            writer.put(fingerprint.basis.rawValue)
            writer.put(fingerprint.description)
            writer.put(fingerprint.params.count)
            for param in fingerprint.params {
                writer.put(param.position)
                writer.put(param.name)
                writer.putOptional(param.value)
            }
            writer.put(fingerprint.examples.count)
            for example in fingerprint.examples {
                writer.put(example.value)
                let expected = example.expected.sorted { $0.key < $1.key }
                writer.put(expected.count)
                for (name, value) in expected {
                    writer.put(name)
                    writer.put(value)
                }
                writer.put(example.source)
                writer.put(example.location)
            }
            writer.put(fingerprint.location)
        }
        writer.put(set.negatives.count)
        for negative in set.negatives {
            writer.put(negative.fields)
            writer.put(negative.value)
            writer.put(negative.maker)
            writer.put(negative.source)
            writer.put(negative.location)
            writer.put(negative.lookalike ? 1 : 0)
        }
        writer.put(set.makers.count)
        for maker in set.makers {
            writer.put(maker.id)
            writer.put(maker.name)
            writer.put(maker.legalName)
            writer.putOptional(maker.parent)
            writer.putOptional(maker.relation)
            writer.putOptional(maker.period)
            writer.put(maker.note)
        }
        writer.put(set.brands.count)
        for brand in set.brands {
            writer.put(brand.name)
            writer.putOptional(brand.owner)
            writer.putOptional(brand.oemOf)
            writer.put(String(brand.oemConfidence))
            writer.put(brand.note)
        }
        writer.put(set.ouis.count)
        for oui in set.ouis {
            writer.put(oui.registry)
            writer.put(oui.prefix)
            writer.put(oui.maker)
            writer.put(oui.organization)
        }
        writer.put(set.ouiSource)
        let policy = set.policy
        writer.put(policy.version)
        writer.put(policy.reviewed)
        writer.put(policy.source)
        writer.put(policy.lists.count)
        for list in policy.lists {
            for text in [list.id, list.name, list.authority, list.citation, list.date] { writer.put(text) }
            writer.put(list.entities)
            writer.put(list.extendsToAffiliates ? 1 : 0)
            for text in [list.restricts, list.binds, list.effect, list.statement, list.url] { writer.put(text) }
        }
        writer.putDeterminations(policy.determinations)
        return writer.text
    }

    public static func decode(_ text: String) throws(DecodeError) -> SignatureSet {
        var reader = TokenReader(Array(text.utf8))
        guard try reader.string() == formatVersion else { throw DecodeError(message: "unknown table format") }
        var set = SignatureSet()
        for _ in 0..<(try reader.int()) {
            let id = try reader.string()
            let fields = try reader.strings()
            let pattern = try reader.string()
            let options = PatternOptions(rawValue: try reader.int())
            let certainty = try reader.double()
            guard let basis = EvidenceBasis(rawValue: try reader.string()) else { throw DecodeError(message: "bad basis") }
            let description = try reader.string()
            var params: [ParamDefinition] = []
            for _ in 0..<(try reader.int()) {
                params.append(ParamDefinition(position: try reader.int(), name: try reader.string(), value: try reader.optional()))
            }
            var examples: [ExampleDefinition] = []
            for _ in 0..<(try reader.int()) {
                let value = try reader.string()
                var expected: [String: String] = [:]
                for _ in 0..<(try reader.int()) {
                    let name = try reader.string()
                    expected[name] = try reader.string()
                }
                examples.append(ExampleDefinition(value: value, expected: expected, source: try reader.string(), location: try reader.location()))
            }
            set.fingerprints.append(FingerprintDefinition(
                id: id, fields: fields, pattern: pattern, options: options, certainty: certainty, basis: basis,
                description: description, params: params, examples: examples, location: try reader.location()))
        }
        for _ in 0..<(try reader.int()) {
            set.negatives.append(NegativeDefinition(
                fields: try reader.strings(), value: try reader.string(), maker: try reader.string(),
                source: try reader.string(), location: try reader.location(), lookalike: try reader.int() == 1))
        }
        for _ in 0..<(try reader.int()) {
            set.makers.append(MakerDefinition(
                id: try reader.string(), name: try reader.string(), legalName: try reader.string(), parent: try reader.optional(),
                relation: try reader.optional(), period: try reader.optional(), note: try reader.string()))
        }
        for _ in 0..<(try reader.int()) {
            set.brands.append(BrandDefinition(
                name: try reader.string(), owner: try reader.optional(), oemOf: try reader.optional(),
                oemConfidence: try reader.double(), note: try reader.string()))
        }
        for _ in 0..<(try reader.int()) {
            set.ouis.append(OUIAssignment(registry: try reader.string(), prefix: try reader.string(), maker: try reader.string(), organization: try reader.string()))
        }
        set.ouiSource = try reader.string()
        var policy = PolicyDefinition(version: try reader.string(), reviewed: try reader.string(), source: try reader.string(), lists: [])
        for _ in 0..<(try reader.int()) {
            let id = try reader.string(), name = try reader.string(), authority = try reader.string()
            let citation = try reader.string(), date = try reader.string()
            let entities = try reader.strings()
            let affiliates = try reader.int() == 1
            let restricts = try reader.string(), binds = try reader.string(), effect = try reader.string()
            let statement = try reader.string(), url = try reader.string()
            policy.lists.append(BanListDefinition(
                id: id, name: name, authority: authority, citation: citation, date: date, entities: entities,
                extendsToAffiliates: affiliates, restricts: restricts, binds: binds, effect: effect, statement: statement, url: url))
        }
        policy.determinations = try reader.determinations()
        set.policy = policy
        guard reader.atEnd else { throw DecodeError(message: "trailing data") }
        return set
    }

    public struct DecodeError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { "signature table: \(message)" }
    }
}

struct TokenWriter {
    var text = ""

    mutating func put(_ value: String) {
        text += "\(value.utf8.count):"
        text += value
    }

    mutating func put(_ value: Int) { put(String(value)) }

    mutating func put(_ values: [String]) {
        put(values.count)
        for value in values { put(value) }
    }

    mutating func putOptional(_ value: String?) {
        if let value {
            put(1)
            put(value)
        } else {
            put(0)
        }
    }

    mutating func put(_ location: SourceLocation) {
        put(location.file)
        put(location.line)
    }
}

struct TokenReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var atEnd: Bool { offset == bytes.count }

    mutating func string() throws(SignatureSetCodec.DecodeError) -> String {
        var length = 0
        while offset < bytes.count, bytes[offset] != UInt8(ascii: ":") {
            let digit = Int(bytes[offset]) - Int(UInt8(ascii: "0"))
            guard (0...9).contains(digit), length < 1 << 30 else { throw .init(message: "bad length at byte \(offset)") }
            length = length * 10 + digit
            offset += 1
        }
        guard offset < bytes.count, offset + 1 + length <= bytes.count else { throw .init(message: "truncated at byte \(offset)") }
        let start = offset + 1
        offset = start + length
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    mutating func int() throws(SignatureSetCodec.DecodeError) -> Int {
        guard let value = Int(try string()) else { throw .init(message: "expected a number at byte \(offset)") }
        return value
    }

    mutating func double() throws(SignatureSetCodec.DecodeError) -> Double {
        guard let value = Double(try string()) else { throw .init(message: "expected a decimal at byte \(offset)") }
        return value
    }

    mutating func strings() throws(SignatureSetCodec.DecodeError) -> [String] {
        var values: [String] = []
        for _ in 0..<(try int()) { values.append(try string()) }
        return values
    }

    mutating func optional() throws(SignatureSetCodec.DecodeError) -> String? {
        try int() == 1 ? try string() : nil
    }

    mutating func location() throws(SignatureSetCodec.DecodeError) -> SourceLocation {
        SourceLocation(file: try string(), line: try int())
    }
}
