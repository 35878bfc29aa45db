import CYaml

/// Checks a configuration's YAML shape on libyaml's event stream before Yams composes it.
/// Yams compares and sorts mapping keys to find duplicates, recursively through keys that are
/// themselves collections (`? - [a]`), and that cost grows exponentially with their nesting:
/// a 4.7 KB file of nested complex keys (found by `Packaging/fuzz config`) took 18 s of CPU.
/// A configuration's keys are names, and its nesting is a few levels, so both are refused here,
/// where one pass over the events costs time linear in the file.
enum YAMLShape {
    /// Deeper than any configuration camaudit reads (the deepest is about five levels).
    static let maximumDepth = 32

    /// The first shape problem, or nil. Syntax errors are left to Yams, which reports them
    /// with its context.
    static func problem(in text: String, file: String) -> ConfigurationProblem? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { bytes -> ConfigurationProblem? in
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            // Per open collection: is it a mapping, and is its next node a key?
            var open: [(isMapping: Bool, expectsKey: Bool)] = []
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                let mark = event.start_mark
                func refuse(_ message: String) -> ConfigurationProblem {
                    ConfigurationProblem(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1, message: message)
                }
                // A node in key position of a mapping flips it to expect a value, and back.
                let isNode = [YAML_SCALAR_EVENT, YAML_ALIAS_EVENT, YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT].contains(event.type)
                if isNode, let last = open.last, last.isMapping {
                    if last.expectsKey, event.type == YAML_SEQUENCE_START_EVENT || event.type == YAML_MAPPING_START_EVENT {
                        return refuse("a mapping key is a list or a mapping; configuration keys are names (a `?` key or a key in brackets)")
                    }
                    open[open.count - 1].expectsKey.toggle()
                }
                switch event.type {
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    open.append((event.type == YAML_MAPPING_START_EVENT, true))
                    if open.count > maximumDepth {
                        return refuse("nested more than \(maximumDepth) levels deep; a configuration is a few levels, is this the right file?")
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    open.removeLast()
                case YAML_STREAM_END_EVENT:
                    return nil
                default:
                    break
                }
            }
        }
    }
}
