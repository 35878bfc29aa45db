/// Everything in `Signatures/`, parsed: what the compiler turns into code and what the
/// matcher runs.
public struct SignatureSet: Sendable {
    public var fingerprints: [FingerprintDefinition]
    public var negatives: [NegativeDefinition]
    public var makers: [MakerDefinition]
    public var brands: [BrandDefinition]
    public var ouis: [OUIAssignment]
    /// Provenance line of the OUI extract (registry copy and date).
    public var ouiSource: String
    public var policy: PolicyDefinition

    public init(fingerprints: [FingerprintDefinition] = [], negatives: [NegativeDefinition] = [], makers: [MakerDefinition] = [], brands: [BrandDefinition] = [], ouis: [OUIAssignment] = [], ouiSource: String = "", policy: PolicyDefinition = PolicyDefinition(version: "", reviewed: "", source: "", lists: [])) {
        self.fingerprints = fingerprints
        self.negatives = negatives
        self.makers = makers
        self.brands = brands
        self.ouis = ouis
        self.ouiSource = ouiSource
        self.policy = policy
    }

    /// A short digest of the table's content, recorded with every conclusion so that a
    /// reclassification can tell which table produced it.
    public var tableVersion: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            hash ^= 0xFF
        }
        for fingerprint in fingerprints {
            mix(fingerprint.id)
            mix(fingerprint.pattern)
            mix(fingerprint.fields.joined(separator: ","))
            for param in fingerprint.params { mix("\(param.position)\(param.name)\(param.value ?? "")") }
            mix(String(fingerprint.certainty))
        }
        for oui in ouis { mix(oui.prefix + oui.maker) }
        for brand in brands { mix(brand.name + (brand.owner ?? "") + (brand.oemOf ?? "")) }
        let hex = String(hash, radix: 16)
        return "\(fingerprints.count)fp-\(String(repeating: "0", count: max(0, 16 - hex.count)))\(hex)"
    }
}
