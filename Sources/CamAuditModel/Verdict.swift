/// The answer to "is this device made by a company a ban list names?".
public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
    /// The maker is established from identity evidence (its own banner, certificate, OUI or model).
    case covered
    /// The evidence points at a covered maker but rests on a shared firmware or protocol stack,
    /// a relabel, or weak signals; confirm with the vendor's attestation.
    case likelyCovered = "likely-covered"
    /// The maker is established and is not named by any list.
    case notCovered = "not-covered"
    /// Not enough evidence to say who made it.
    case unknown

    /// The JSON `covered` field: true or false when the tool takes a position, null otherwise.
    public var coveredFlag: Bool? {
        switch self {
        case .covered, .likelyCovered: true
        case .notCovered: false
        case .unknown: nil
        }
    }

    /// How serious, for sorting reports: covered devices first.
    public var severity: Int {
        switch self {
        case .covered: 3
        case .likelyCovered: 2
        case .unknown: 1
        case .notCovered: 0
        }
    }
}
