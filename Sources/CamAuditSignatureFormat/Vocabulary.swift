/// A manufacturer, with its place in a corporate family (banlists.md §2).
public struct MakerDefinition: Sendable, Hashable {
    public var id: String
    /// Short display name ("Hikvision").
    public var name: String
    /// Legal name as registered or as the statute spells it.
    public var legalName: String
    /// The family root (`hikvision` for EZVIZ); nil for a root.
    public var parent: String?
    /// How it relates to the parent: `subsidiary`, `affiliate`, `joint-venture`.
    public var relation: String?
    /// Dates of the relation when it has ended or began late (Lorex: 2018-02-06/2022-11-24).
    public var period: String?
    public var note: String

    public init(id: String, name: String, legalName: String, parent: String?, relation: String?, period: String?, note: String) {
        self.id = id
        self.name = name
        self.legalName = legalName
        self.parent = parent
        self.relation = relation
        self.period = period
        self.note = note
    }
}

/// A name on a label and who is behind it (banlists.md §2 and §3).
public struct BrandDefinition: Sendable, Hashable {
    public var name: String
    /// The maker that owns the brand (EZVIZ → ezviz), when it is a maker's own brand.
    public var owner: String?
    /// For an OEM relabel: the maker reported to build (some of) its products.
    public var oemOf: String?
    /// How far the relabel claim is established, 0…1 (banlists.md §3 confidence column).
    public var oemConfidence: Double
    public var note: String

    public init(name: String, owner: String?, oemOf: String?, oemConfidence: Double, note: String) {
        self.name = name
        self.owner = owner
        self.oemOf = oemOf
        self.oemConfidence = oemConfidence
        self.note = note
    }
}

/// One IEEE assignment (MA-L, MA-M or MA-S) and the maker that holds it.
public struct OUIAssignment: Sendable, Hashable {
    public var registry: String
    /// Upper-case hex digits of the prefix: 6 (MA-L), 7 (MA-M) or 9 (MA-S).
    public var prefix: String
    public var maker: String
    public var organization: String

    public init(registry: String, prefix: String, maker: String, organization: String) {
        self.registry = registry
        self.prefix = prefix
        self.maker = maker
        self.organization = organization
    }
}
