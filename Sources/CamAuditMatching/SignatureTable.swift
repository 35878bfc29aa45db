import CamAuditModel
import CamAuditPattern
import CamAuditSignatureFormat

/// The signature set made ready to match: regexes compiled and indexed by field, the OUI
/// registry indexed by prefix, makers and brands by id.
public final class SignatureTable: Sendable {
    public let set: SignatureSet
    public let version: String
    private let byField: [String: FieldIndex]
    private let ouiByPrefix: [OUIKey: OUIAssignment]
    private let makersByID: [String: MakerDefinition]
    private let brandsByKey: [String: BrandDefinition]
    private let brandsByOwner: [String: BrandDefinition]

    public init(_ set: SignatureSet) throws(PatternError) {
        self.set = set
        version = set.tableVersion
        var grouped: [String: [CompiledFingerprint]] = [:]
        for definition in set.fingerprints {
            let compiled = try CompiledFingerprint(definition)
            for field in definition.fields { grouped[field, default: []].append(compiled) }
        }
        byField = grouped.mapValues(FieldIndex.init)
        ouiByPrefix = Dictionary(set.ouis.compactMap { assignment in OUIKey(prefix: assignment.prefix).map { ($0, assignment) } }, uniquingKeysWith: { first, _ in first })
        makersByID = Dictionary(set.makers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        brandsByKey = Dictionary(set.brands.map { (Self.brandKey($0.name), $0) }, uniquingKeysWith: { first, _ in first })
        brandsByOwner = Dictionary(set.brands.compactMap { brand in brand.owner.map { ($0, brand) } }, uniquingKeysWith: { first, _ in first })
    }

    /// Fingerprints for a field, in file order (the first match wins, as in recog).
    public func fingerprints(for field: String) -> [CompiledFingerprint] {
        byField[field]?.fingerprints ?? []
    }

    /// The first fingerprint of `field` that matches `value`, with the attributes it sets.
    public func firstMatch(field: String, value: String) -> (CompiledFingerprint, [String: String])? {
        guard let index = byField[field] else { return nil }
        // Most observations match nothing: one combined regex says so in a single pass.
        if let prefilter = index.prefilter, prefilter.test(utf8: value) == false { return nil }
        // One regex run per fingerprint tried: `evaluate` answers no as cheaply as a yes/no
        // test, and on a match it has the captures (a test first ran the winner twice).
        for fingerprint in index.fingerprints {
            if let attributes = fingerprint.evaluate(value) { return (fingerprint, attributes) }
        }
        return nil
    }

    public var fields: [String] { byField.keys.sorted() }

    public func maker(_ id: String) -> MakerDefinition? { makersByID[id] }

    /// The root of a maker's corporate family (`hikvision` for `ezviz`).
    public func familyRoot(of id: String) -> String {
        var current = id
        var hops = 0
        while let parent = makersByID[current]?.parent, hops < 8 {
            current = parent
            hops += 1
        }
        return current
    }

    public func brand(named name: String) -> BrandDefinition? { brandsByKey[Self.brandKey(name)] }

    /// The OEM relation of a company that relabels (Lorex, Amcrest), if any.
    public func oemBrand(ownedBy maker: String) -> BrandDefinition? {
        guard let brand = brandsByOwner[maker], brand.oemOf != nil else { return nil }
        return brand
    }

    /// Longest registered prefix of a MAC (MA-S, then MA-M, then MA-L). Locally administered
    /// and group addresses (the two low bits of the first octet) are not in the registry and
    /// give nil.
    public func ouiAssignment(forMAC mac: String) -> OUIAssignment? {
        // Bit 0x02 of the first octet (randomised or assigned by software) or bit 0x01 (a group
        // address): no OUI applies to either.
        guard let address = MACText.number(mac), address >> 40 & 0x03 == 0 else { return nil }
        for length in [9, 7, 6] {
            if let assignment = ouiByPrefix[OUIKey(address: address, digits: length)] { return assignment }
        }
        return nil
    }

    static func brandKey(_ name: String) -> String {
        if let key = DeviceText.lowercasedLetters(of: name, keepingDigits: true) { return key }
        return name.lowercased().filter { $0.isLetter || $0.isNumber }
    }
}

/// The fingerprints of one field and, when they can be combined, one alternation of all of
/// them that rejects a non-matching value in a single regex run.
struct FieldIndex: Sendable {
    let fingerprints: [CompiledFingerprint]
    let prefilter: Pattern?

    init(_ fingerprints: [CompiledFingerprint]) {
        self.fingerprints = fingerprints
        guard fingerprints.count > 1 else {
            prefilter = nil
            return
        }
        // Back-references would be renumbered by the combination; such fields go without.
        let sources = fingerprints.map(\.definition)
        if sources.contains(where: { Self.mayBackReference($0.pattern) }) {
            prefilter = nil
            return
        }
        let alternatives = sources.map { definition -> String in
            var flags = ""
            if definition.options.contains(.caseInsensitive) { flags += "i" }
            if definition.options.contains(.dotMatchesNewline) { flags += "s" }
            if definition.options.contains(.multiline) { flags += "m" }
            return flags.isEmpty ? "(?:\(definition.pattern))" : "(?\(flags):\(definition.pattern))"
        }
        prefilter = try? Pattern(alternatives.joined(separator: "|"))
    }

    /// Conservative: any backslash followed by a digit or `g`, or a named back-reference.
    static func mayBackReference(_ pattern: String) -> Bool {
        if pattern.contains("(?P=") || pattern.contains("\\k") { return true }
        var previousWasBackslash = false
        for scalar in pattern.unicodeScalars {
            if previousWasBackslash && (("1"..."9").contains(scalar) || scalar == "g") { return true }
            previousWasBackslash = scalar == "\\" && !previousWasBackslash
        }
        return false
    }
}

/// MAC address helpers of the matcher (reading MAC text is `MACText`, in the model).
public enum MACAddress {

    /// `BC:AD:28` style prefix for reports.
    public static func displayPrefix(_ prefix: String) -> String {
        var out = ""
        for (index, ch) in prefix.enumerated() {
            if index > 0 && index % 2 == 0 { out.append(":") }
            out.append(ch)
        }
        return out
    }
}
