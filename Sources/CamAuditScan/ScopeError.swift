/// Why a scope was refused, worded to say what to change.
public struct ScopeError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A target or exclusion that does not parse.
        case syntax
        /// Public address space without `--allow-public`, or addresses that are never hosts.
        case notAllowed
        /// Nothing left to scan.
        case empty
        /// More addresses than the `--max-hosts` cap.
        case tooLarge
        /// A targets file that cannot be read.
        case unreadable
    }

    public var kind: Kind
    public var description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
