/// One problem in a configuration file, located so an editor can jump to it:
/// `/etc/camaudit/camaudit.yaml:12:5: error: …`.
public struct ConfigurationProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "\(file):\(line):\(column): error: \(message)" }
}

/// Every problem found in one file; nothing is applied when there is one.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var problems: [ConfigurationProblem]

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
