import Foundation

/// The facts that hold for one device: its own, else its site's (a device's funding overrides
/// its site's; state and federal contracts belong to the district's site). Each value keeps the
/// fact it came from, so a determination can say who entered it.
public struct EffectiveFacts: Sendable, Equatable {
    public var values: [FactName: DistrictFact]

    public init(values: [FactName: DistrictFact] = [:]) {
        self.values = values
    }

    /// Resolves from every fact ever entered (oldest first): the latest of each name wins,
    /// the device's over the site's.
    public init(device: Int64, site: String?, facts: [DistrictFact]) {
        var siteValues: [FactName: DistrictFact] = [:]
        var deviceValues: [FactName: DistrictFact] = [:]
        for fact in facts {
            switch fact.subject {
            case .site(let name) where name == site: siteValues[fact.name] = fact
            case .device(let id) where id == device: deviceValues[fact.name] = fact
            default: break
            }
        }
        values = siteValues.merging(deviceValues) { _, own in own }
    }

    public subscript(_ name: FactName) -> String? { values[name]?.value }

    public var state: String? { self[.state] }
    public var funding: [String]? { self[.funding].map { $0.split(separator: ",").map(String.init) } }
    public var federalContractor: Bool? { self[.federalContractor].map { $0 == "yes" } }
    public var acquired: CalendarDate? { self[.acquired].flatMap(CalendarDate.init) }

    /// "funding e-rate (site Lincoln, entered by ana 2026-12-01)".
    public func describe(_ name: FactName) -> String {
        guard let fact = values[name] else { return "\(name.rawValue) unknown" }
        let whose: String
        switch fact.subject {
        case .site(let site): whose = "site \(site)"
        case .device(let id): whose = "device \(id)"
        }
        return "\(name.rawValue) \(fact.value) (\(whose), entered by \(fact.enteredBy) \(Timestamp.iso8601(fact.enteredAt).prefix(10)))"
    }
}
