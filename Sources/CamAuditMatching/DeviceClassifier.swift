import CamAuditModel

/// The whole pipeline after the dissectors: observations → evidence → identity → verdict.
public struct DeviceClassifier: Sendable {
    public let matcher: Matcher
    public let resolver: IdentityResolver
    public let policy: PolicyEngine

    public init(table: SignatureTable) {
        matcher = Matcher(table: table)
        resolver = IdentityResolver(table: table)
        policy = PolicyEngine(table: table)
    }

    public func classify(_ observations: [Observation]) -> Classification {
        policy.classify(resolver.resolve(matcher.evidence(for: observations)))
    }
}
