import CamAuditModel
import CamAuditPattern

/// One fingerprint as written in `Signatures/`: a regex on one or more observation fields, the
/// attributes it sets, and the real examples that prove it.
public struct FingerprintDefinition: Sendable, Hashable {
    public var id: String
    public var fields: [String]
    public var pattern: String
    public var options: PatternOptions
    public var certainty: Double
    public var basis: EvidenceBasis
    public var description: String
    public var params: [ParamDefinition]
    public var examples: [ExampleDefinition]
    public var location: SourceLocation

    public init(id: String, fields: [String], pattern: String, options: PatternOptions, certainty: Double, basis: EvidenceBasis, description: String, params: [ParamDefinition], examples: [ExampleDefinition], location: SourceLocation) {
        self.id = id
        self.fields = fields
        self.pattern = pattern
        self.options = options
        self.certainty = certainty
        self.basis = basis
        self.description = description
        self.params = params
        self.examples = examples
        self.location = location
    }

    /// The maker this fingerprint names, when it names one as a constant.
    public var constantMaker: String? {
        params.first { $0.name == AttributeName.maker && $0.position == 0 }?.value
    }

    /// True when a match can name a maker (constant or captured).
    public var setsMaker: Bool {
        params.contains { $0.name == AttributeName.maker }
    }
}

/// `pos="0"` sets a constant `value`; `pos="N"` takes capture group N.
public struct ParamDefinition: Sendable, Hashable {
    public var position: Int
    public var name: String
    public var value: String?

    public init(position: Int, name: String, value: String?) {
        self.position = position
        self.name = name
        self.value = value
    }
}

/// A real value the fingerprint must match, with the attributes it must yield.
public struct ExampleDefinition: Sendable, Hashable {
    public var value: String
    public var expected: [String: String]
    /// Where the bytes came from (`corpus:<id>`, a reference section, a public source).
    public var source: String
    public var location: SourceLocation

    public init(value: String, expected: [String: String], source: String, location: SourceLocation) {
        self.value = value
        self.expected = expected
        self.source = source
        self.location = location
    }
}

/// A real value from another maker that no fingerprint may attribute to a different maker.
public struct NegativeDefinition: Sendable, Hashable {
    public var fields: [String]
    public var value: String
    /// The true maker (`unknown` when only "not Hikvision/Dahua" is known).
    public var maker: String
    public var source: String
    public var location: SourceLocation
    /// A lookalike: another maker's firmware sends the very trait a `stack` or `hint`
    /// fingerprint matches (`Rtsp Server/2.0` from Reolink). Such fingerprints may match it;
    /// an identity or platform fingerprint may not, which keeps a copied trait from ever
    /// flagging a device alone.
    public var lookalike: Bool

    public init(fields: [String], value: String, maker: String, source: String, location: SourceLocation, lookalike: Bool = false) {
        self.fields = fields
        self.value = value
        self.maker = maker
        self.source = source
        self.location = location
        self.lookalike = lookalike
    }
}

public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}
