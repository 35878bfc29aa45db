import Foundation

/// Checks and normalises a fact's value before it is stored, so that the determination rules
/// only ever read values they understand. Input comes from users and CSV files: bounded.
public enum FactValidation {
    public static let maximumLength = 500

    public static func normalise(_ name: FactName, _ raw: String) -> Result<String, FactError> {
        let value = raw.trimmingCharacters(in: .whitespaces)
        guard value.utf8.count <= maximumLength else {
            return .failure(FactError("\(name.rawValue) is longer than \(maximumLength) bytes"))
        }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            return .failure(FactError("\(name.rawValue) contains a control character"))
        }
        switch name {
        case .state:
            let upper = value.uppercased()
            guard upper.count == 2, upper.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                return .failure(FactError("state '\(value)' is not a two-letter postal code such as LA"))
            }
            return .success(upper)
        case .funding:
            return FundingSource.parseList(value).map { $0.map(\.rawValue).joined(separator: ",") }
        case .federalContractor:
            switch value.lowercased() {
            case "yes", "y", "true": return .success("yes")
            case "no", "n", "false": return .success("no")
            default: return .failure(FactError("federal-contractor must be yes or no, not '\(value)'"))
            }
        case .acquired:
            guard let date = CalendarDate(value) else {
                return .failure(FactError("acquired '\(value)' is not a date YYYY-MM-DD"))
            }
            return .success(date.description)
        case .contract, .note, .assetTag:
            guard !value.isEmpty else { return .failure(FactError("\(name.rawValue) is empty")) }
            return .success(value)
        }
    }
}

/// A calendar date `YYYY-MM-DD`, compared as text once validated (zero-padded, so text order is
/// date order). No time zone: purchase records carry none.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1900...2199).contains(year), (1...12).contains(month), (1...Self.days(year, month)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    static func days(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
