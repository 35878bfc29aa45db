/// The ban lists as data: versioned, dated, with citations (Signatures/policy/).
public struct PolicyDefinition: Sendable, Hashable {
    public var version: String
    /// When the legal facts were last reviewed.
    public var reviewed: String
    public var source: String
    public var lists: [BanListDefinition]
    /// When each list reaches a device, given the district's facts (one rule per list).
    public var determinations: [DeterminationRule]

    public init(version: String, reviewed: String, source: String, lists: [BanListDefinition], determinations: [DeterminationRule] = []) {
        self.version = version
        self.reviewed = reviewed
        self.source = source
        self.lists = lists
        self.determinations = determinations
    }

    public func determination(for listID: String) -> DeterminationRule? {
        determinations.first { $0.listID == listID }
    }
}

public struct BanListDefinition: Sendable, Hashable {
    public var id: String
    public var name: String
    public var authority: String
    public var citation: String
    /// Effective or listing date, ISO 8601.
    public var date: String
    /// Family roots the list names (`hikvision`, `dahua`, …).
    public var entities: [String]
    /// Whether the list reaches subsidiaries and affiliates (§889 yes; OFAC NS-CMIC no).
    public var extendsToAffiliates: Bool
    /// Entities named only as specific legal entities when `extendsToAffiliates` is false.
    public var restricts: String
    public var binds: String
    /// `direct` binds a school district's purchases; `conditional` depends on funding or
    /// contracts; `context` has no effect on owning or buying cameras.
    public var effect: String
    /// What the tool says about a device of a named maker: the fact (layer A) and the condition
    /// under which it bites (layer B). `{maker}` is replaced by the maker's name.
    public var statement: String
    public var url: String

    public init(id: String, name: String, authority: String, citation: String, date: String, entities: [String], extendsToAffiliates: Bool, restricts: String, binds: String, effect: String, statement: String, url: String) {
        self.id = id
        self.name = name
        self.authority = authority
        self.citation = citation
        self.date = date
        self.entities = entities
        self.extendsToAffiliates = extendsToAffiliates
        self.restricts = restricts
        self.binds = binds
        self.effect = effect
        self.statement = statement
        self.url = url
    }
}
