import CamAuditModel
import CamAuditPattern

/// A fingerprint with its regex compiled: the one evaluation path shared by the build-time
/// validator, `camaudit signatures verify` and the runtime matcher. A class: every match hands
/// one out, and copying the definition's many strings per match showed in the profile.
public final class CompiledFingerprint: Sendable {
    public let definition: FingerprintDefinition
    public let pattern: Pattern

    public init(_ definition: FingerprintDefinition) throws(PatternError) {
        self.definition = definition
        self.pattern = try Pattern(definition.pattern, options: definition.options)
    }

    /// The attributes a match sets, or nil when the value does not match.
    public func evaluate(_ value: String) -> [String: String]? {
        guard let captures = pattern.firstMatch(in: value) else { return nil }
        return attributes(from: captures)
    }

    /// Builds attributes from captures; an empty capture sets nothing.
    public func attributes(from captures: [String?]) -> [String: String] {
        var attributes: [String: String] = [:]
        for param in definition.params {
            if param.position == 0 {
                if let value = param.value { attributes[param.name] = value }
            } else if param.position < captures.count, let captured = captures[param.position] {
                let trimmed = captured.trimmingWhitespace()
                if !trimmed.isEmpty { attributes[param.name] = trimmed }
            }
        }
        return attributes
    }
}

extension String {
    func trimmingWhitespace() -> String {
        // Most captures have nothing to trim: say so from the edge bytes before walking Characters.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return self }
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return start < end ? String(self[start..<end]) : ""
    }
}
