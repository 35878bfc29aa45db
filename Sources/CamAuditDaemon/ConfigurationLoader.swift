import Foundation
import Yams

/// Reads and validates the YAML configuration. Every problem is collected (not just the first)
/// and located at file:line:column; unknown keys are errors, so a typo never silently leaves a
/// default in force.
public enum ConfigurationLoader {
    /// Larger files are refused before parsing: a real configuration is a few KiB.
    public static let maximumBytes = 1 << 20

    public static func load(path: String) throws(ConfigurationError) -> DaemonConfiguration {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConfigurationError(problems: [ConfigurationProblem(file: path, line: 1, column: 1,
                message: "cannot read the file (\(String(cString: strerror(errno)))); check the path and that it is readable, or pass --config")])
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maximumBytes + 1)) ?? Data()
        guard data.count <= maximumBytes else {
            throw ConfigurationError(problems: [ConfigurationProblem(file: path, line: 1, column: 1,
                message: "the file is larger than \(maximumBytes) bytes; a configuration is a few KiB, is this the right file?")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(problems: [ConfigurationProblem(file: path, line: 1, column: 1, message: "the file is not UTF-8 text; save it as UTF-8")])
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> DaemonConfiguration {
        if let problem = YAMLShape.problem(in: text, file: file) {
            throw ConfigurationError(problems: [problem])
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError(problems: [problem(from: error, file: file)])
        } catch {
            throw ConfigurationError(problems: [ConfigurationProblem(file: file, line: 1, column: 1, message: "not valid YAML: \(error)")])
        }
        var reader = ConfigurationReader(file: file)
        let configuration = reader.read(root)
        if !reader.problems.isEmpty {
            throw ConfigurationError(problems: reader.problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return configuration
    }

    static func problem(from error: YamlError, file: String) -> ConfigurationProblem {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text))" } ?? ""
            return ConfigurationProblem(file: file, line: mark.line, column: mark.column,
                                        message: "not valid YAML: \(problem)\(detail); check the indentation and quoting here")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigurationProblem(file: file, line: context.mark.line, column: context.mark.column,
                                        message: "key given twice: \(duplicates.joined(separator: ", ")); keep one")
        default:
            return ConfigurationProblem(file: file, line: 1, column: 1, message: "not valid YAML: \(error)")
        }
    }
}
