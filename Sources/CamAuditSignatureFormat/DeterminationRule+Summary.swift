extension DeterminationRule {
    /// "prohibited when federal-grant funds paid for it and it was acquired on or after
    /// 2020-08-13; otherwise not-reached": the rule in one line, for `camaudit policy show`.
    public var summary: String {
        let cases = self.cases.map { item in "\(item.outcome.rawValue) when \(item.conditions.map(\.phrase).joined(separator: " and "))" }
        return (cases + ["otherwise \(otherwise.outcome.rawValue)"]).joined(separator: "; ")
    }
}
