import CamAuditModel
import CamAuditPattern
import CamAuditSignatureFormat
import CamAuditSignatures
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the full table with each regex engine available on Linux, with the matcher's
/// semantics (per field, first fingerprint in order that matches wins), and reports compile
/// time, observations per second on one core, and disagreements with PCRE2.
public enum EngineComparison {
    protocol Engine {
        var name: String { get }
        /// Compiles one fingerprint's pattern; nil when the engine cannot express it.
        mutating func compile(_ definition: FingerprintDefinition) -> Bool
        /// Index (in compile order) of the first matching pattern among `candidates`.
        func firstMatch(_ value: String, candidates: [Int]) -> Int?
    }

    public static func run() {
        let set = BuiltInSignatures.set
        let workload = Workload.observations()
        var engines: [any Engine] = [PCRE2Engine(), NSRegularExpressionEngine(), SwiftRegexEngine(), POSIXEngine()]
        var reference: [Int?] = []
        print("engine                  compiled  compile ms   obs/s (1 core)  disagreements")
        for index in engines.indices {
            var engine = engines[index]
            var byField: [String: [Int]] = [:]
            var compiled = 0
            let compileStart = MatcherBenchmark.now()
            for (position, definition) in set.fingerprints.enumerated() {
                if engine.compile(definition) {
                    compiled += 1
                    for field in definition.fields { byField[field, default: []].append(position) }
                }
            }
            let compileTime = MatcherBenchmark.now() - compileStart
            let answers = workload.map { engine.firstMatch($0.value, candidates: byField[$0.field] ?? []) }
            if index == 0 { reference = answers }
            let disagreements = zip(answers, reference).filter { $0 != $1 }.count
            var best = 0.0
            for _ in 0..<3 {
                let rounds = index == 0 ? 100 : 10
                let start = MatcherBenchmark.now()
                for _ in 0..<rounds {
                    for observation in workload { _ = engine.firstMatch(observation.value, candidates: byField[observation.field] ?? []) }
                }
                best = max(best, Double(rounds * workload.count) / (MatcherBenchmark.now() - start))
            }
            engines[index] = engine
            print("\(engine.name.padding(toLength: 22, withPad: " ", startingAt: 0))  \(String(compiled).leftPad(4))/\(set.fingerprints.count)  \(String(format: "%9.2f", compileTime * 1000))  \(String(format: "%14.0f", best))  \(String(disagreements).leftPad(13))")
        }
        print("workload: \(workload.count) observations; disagreements are against PCRE2 (patterns an engine cannot compile count as no match)")
    }

    struct PCRE2Engine: Engine {
        let name = "PCRE2 10.x + JIT"
        var patterns: [Int: Pattern] = [:]
        var order = 0
        mutating func compile(_ definition: FingerprintDefinition) -> Bool {
            defer { order += 1 }
            guard let pattern = try? Pattern(definition.pattern, options: definition.options) else { return false }
            patterns[order] = pattern
            return true
        }
        func firstMatch(_ value: String, candidates: [Int]) -> Int? {
            candidates.first { patterns[$0]?.firstMatch(in: value) != nil }
        }
    }

    struct NSRegularExpressionEngine: Engine {
        let name = "NSRegularExpression"
        var patterns: [Int: NSRegularExpression] = [:]
        var order = 0
        mutating func compile(_ definition: FingerprintDefinition) -> Bool {
            defer { order += 1 }
            var options: NSRegularExpression.Options = []
            if definition.options.contains(.caseInsensitive) { options.insert(.caseInsensitive) }
            if definition.options.contains(.dotMatchesNewline) { options.insert(.dotMatchesLineSeparators) }
            if definition.options.contains(.multiline) { options.insert(.anchorsMatchLines) }
            guard let regex = try? NSRegularExpression(pattern: definition.pattern, options: options) else { return false }
            patterns[order] = regex
            return true
        }
        func firstMatch(_ value: String, candidates: [Int]) -> Int? {
            let range = NSRange(location: 0, length: (value as NSString).length)
            return candidates.first { patterns[$0]?.firstMatch(in: value, range: range) != nil }
        }
    }

    struct SwiftRegexEngine: Engine {
        let name = "Swift Regex"
        var patterns: [Int: Regex<AnyRegexOutput>] = [:]
        var order = 0
        mutating func compile(_ definition: FingerprintDefinition) -> Bool {
            defer { order += 1 }
            guard var regex = try? Regex(definition.pattern) else { return false }
            // Unicode-scalar semantics, so "\r\n" is two characters as in the other engines.
            regex = regex.matchingSemantics(.unicodeScalar)
            if definition.options.contains(.caseInsensitive) { regex = regex.ignoresCase() }
            if definition.options.contains(.dotMatchesNewline) { regex = regex.dotMatchesNewlines() }
            if definition.options.contains(.multiline) { regex = regex.anchorsMatchLineEndings() }
            patterns[order] = regex
            return true
        }
        func firstMatch(_ value: String, candidates: [Int]) -> Int? {
            candidates.first { index in
                guard let regex = patterns[index] else { return false }
                return (try? regex.firstMatch(in: value)) != nil
            }
        }
    }

    /// glibc's POSIX ERE: no non-capturing groups, classes like \d, lookaheads or inline flags.
    /// Patterns are translated where that is mechanical; the rest cannot be expressed.
    final class POSIXEngine: Engine {
        let name = "POSIX regex (glibc ERE)"
        var patterns: [Int: UnsafeMutablePointer<regex_t>] = [:]
        var order = 0
        func compile(_ definition: FingerprintDefinition) -> Bool {
            defer { order += 1 }
            guard let translated = Self.translate(definition.pattern) else { return false }
            let regex = UnsafeMutablePointer<regex_t>.allocate(capacity: 1)
            var flags = REG_EXTENDED | REG_NOSUB
            if definition.options.contains(.caseInsensitive) { flags |= REG_ICASE }
            if definition.options.contains(.multiline) { flags |= REG_NEWLINE }
            guard regcomp(regex, translated, flags) == 0 else {
                regex.deallocate()
                return false
            }
            patterns[order] = regex
            return true
        }
        func firstMatch(_ value: String, candidates: [Int]) -> Int? {
            value.withCString { cString in
                candidates.first { index in
                    guard let regex = patterns[index] else { return false }
                    return regexec(regex, cString, 0, nil, 0) == 0
                }
            }
        }
        static func translate(_ pattern: String) -> String? {
            if pattern.contains("(?=") || pattern.contains("(?!") || pattern.contains("(?s)") || pattern.contains("(?i)") || pattern.contains("\\x") { return nil }
            var out = pattern.replacingOccurrences(of: "(?:", with: "(")
            for (from, to) in [("\\d", "[0-9]"), ("\\w", "[A-Za-z0-9_]"), ("\\s", "[[:space:]]"), ("\\S", "[^[:space:]]")] {
                out = out.replacingOccurrences(of: from, with: to)
            }
            return out.contains("\\") && out.range(of: #"\\[^.()\[\]{}*+?|^$/&"'-]"#, options: .regularExpression) != nil ? nil : out
        }
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
