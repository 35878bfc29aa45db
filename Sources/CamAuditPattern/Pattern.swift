import CamAuditModel
import CPCRE2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A compiled PCRE2 pattern, matched against bytes.
///
/// PCRE2 was chosen by measurement (docs/BENCHMARKS.md): with JIT it is the fastest of the
/// engines available on Linux, it supports the lookaheads that multi-marker body fingerprints
/// need, and it matches raw bytes, so no banner byte is lost to text decoding. The signature
/// compiler and the runtime matcher both use this type, so what the build accepts is exactly
/// what the binary matches.
public final class Pattern: @unchecked Sendable {
    // The compiled code is immutable after init and PCRE2 documents it as shareable between
    // threads; match data is per call. Hence @unchecked Sendable.
    private let code: OpaquePointer
    private let matchContext: OpaquePointer?
    public let source: String
    public let options: PatternOptions
    /// Number of capture groups in the pattern.
    public let captureCount: Int

    /// Bounds backtracking so that a hostile banner cannot stall the matcher.
    public static let matchLimit: UInt32 = 200_000
    public static let depthLimit: UInt32 = 10_000

    public init(_ source: String, options: PatternOptions = []) throws(PatternError) {
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        var flags: UInt32 = 0
        if options.contains(.caseInsensitive) { flags |= UInt32(PCRE2_CASELESS) }
        if options.contains(.dotMatchesNewline) { flags |= UInt32(PCRE2_DOTALL) }
        if options.contains(.multiline) { flags |= UInt32(PCRE2_MULTILINE) }
        let compiled: OpaquePointer? = source.withCString { cString in
            cString.withMemoryRebound(to: UInt8.self, capacity: source.utf8.count) { pointer in
                pcre2_compile_8(pointer, source.utf8.count, flags, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw PatternError(pattern: source, offset: errorOffset, message: Self.message(for: errorCode))
        }
        code = compiled
        self.source = source
        self.options = options
        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
        // JIT is an optimisation: when unavailable, the interpreter gives the same answers.
        pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE))
        let context = pcre2_match_context_create_8(nil)
        if let context {
            pcre2_set_match_limit_8(context, Self.matchLimit)
            pcre2_set_depth_limit_8(context, Self.depthLimit)
        }
        matchContext = context
    }

    deinit {
        pcre2_code_free_8(code)
        if let matchContext { pcre2_match_context_free_8(matchContext) }
    }

    /// True when the pattern matches anywhere in `subject`.
    public func matches(_ subject: String) -> Bool {
        firstMatch(in: subject) != nil
    }

    /// The captures of the first match: index 0 is the whole match, then one entry per group
    /// (nil for a group that did not take part). Nil when there is no match, or when the match
    /// limits were hit (treated as no match: a banner that needs that much work is not ours).
    public func firstMatch(in subject: String) -> [String?]? {
        var subject = subject
        return subject.withUTF8 { buffer in
            firstMatch(inBytes: UnsafeRawBufferPointer(buffer)).map { ranges in
                ranges.map { range in
                    range.map { r in Self.decode(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[r]))) }
                }
            }
        }
    }

    /// Byte ranges of the whole match and of each group.
    public func firstMatch(inBytes subject: UnsafeRawBufferPointer) -> [Range<Int>?]? {
        // The thread's scratch holds 32 groups; larger patterns get their own match data.
        if captureCount < PatternScratch.groups {
            return firstMatch(inBytes: subject, matchData: PatternScratch.forCurrentThread.matchData)
        }
        guard let matchData = pcre2_match_data_create_8(UInt32(captureCount + 1), nil) else { return nil }
        defer { pcre2_match_data_free_8(matchData) }
        return firstMatch(inBytes: subject, matchData: matchData)
    }

    private func firstMatch(inBytes subject: UnsafeRawBufferPointer, matchData: OpaquePointer) -> [Range<Int>?]? {
        let rc = Self.withSubjectPointer(subject) { base in
            pcre2_match_8(code, base, subject.count, 0, 0, matchData, matchContext)
        }
        guard rc > 0 else { return nil }
        let vector = pcre2_get_ovector_pointer_8(matchData)!
        var ranges: [Range<Int>?] = []
        ranges.reserveCapacity(captureCount + 1)
        for group in 0...captureCount {
            let start = vector[2 * group]
            let end = vector[2 * group + 1]
            if group >= Int(rc) || start == Self.unsetOffset || end < start {
                ranges.append(nil)
            } else {
                ranges.append(Int(start)..<Int(end))
            }
        }
        return ranges
    }

    /// Fast yes/no: reuses this thread's match data and builds no captures.
    public func matches(utf8 subject: String) -> Bool {
        var subject = subject
        return subject.withUTF8 { buffer in
            matches(bytes: UnsafeRawBufferPointer(buffer), scratch: PatternScratch.forCurrentThread)
        }
    }

    /// Fast yes/no on bytes, without building capture ranges.
    public func matches(bytes subject: UnsafeRawBufferPointer, scratch: PatternScratch) -> Bool {
        Self.withSubjectPointer(subject) { base in
            pcre2_match_8(code, base, subject.count, 0, 0, scratch.matchData, matchContext)
        } > 0
    }

    /// Like `matches`, but nil when the engine gave up (match or depth limit) instead of
    /// answering: a prefilter must then not rule anything out.
    public func test(utf8 subject: String) -> Bool? {
        var subject = subject
        let rc = subject.withUTF8 { buffer in
            Self.withSubjectPointer(UnsafeRawBufferPointer(buffer)) { base in
                pcre2_match_8(code, base, buffer.count, 0, 0, PatternScratch.forCurrentThread.matchData, matchContext)
            }
        }
        if rc > 0 { return true }
        return rc == PCRE2_ERROR_NOMATCH ? false : nil
    }

    /// PCRE2 wants a non-null pointer even for an empty subject.
    private static func withSubjectPointer<R>(_ subject: UnsafeRawBufferPointer, _ body: (UnsafePointer<UInt8>) -> R) -> R {
        if let base = subject.baseAddress {
            return body(base.assumingMemoryBound(to: UInt8.self))
        }
        var empty: UInt8 = 0
        return withUnsafePointer(to: &empty) { body($0) }
    }

    private static let unsetOffset = ~Int(0)

    static func decode(_ bytes: UnsafeRawBufferPointer) -> String { DeviceText.decode(bytes) }

    private static func message(for errorCode: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(errorCode, &buffer, buffer.count)
        guard length > 0 else { return "PCRE2 error \(errorCode)" }
        return String(decoding: buffer[0..<Int(length)], as: UTF8.self)
    }
}

/// Reusable match data for yes/no checks in a hot loop; one per thread, because PCRE2 match
/// data must not be shared between threads.
public final class PatternScratch {
    fileprivate let matchData: OpaquePointer

    /// Capture groups (plus the whole match) the shared match data can hold.
    public static let groups = 32

    public init() {
        matchData = pcre2_match_data_create_8(UInt32(Self.groups), nil)!
    }

    deinit {
        pcre2_match_data_free_8(matchData)
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            guard let pointer else { return }
            Unmanaged<PatternScratch>.fromOpaque(pointer).release()
        }
        return key
    }()

    /// This thread's scratch, created on first use and freed when the thread ends.
    public static var forCurrentThread: PatternScratch {
        if let existing = pthread_getspecific(key) {
            return Unmanaged<PatternScratch>.fromOpaque(existing).takeUnretainedValue()
        }
        let scratch = PatternScratch()
        pthread_setspecific(key, Unmanaged.passRetained(scratch).toOpaque())
        return scratch
    }
}

public struct PatternOptions: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let caseInsensitive = PatternOptions(rawValue: 1)
    public static let dotMatchesNewline = PatternOptions(rawValue: 2)
    public static let multiline = PatternOptions(rawValue: 4)
}

public struct PatternError: Error, Sendable, CustomStringConvertible {
    public var pattern: String
    public var offset: Int
    public var message: String

    public var description: String { "regex error at offset \(offset): \(message)" }
}

/// The engine's version, for `camaudit version`.
public var pcre2Version: String {
    var buffer = [UInt8](repeating: 0, count: 64)
    let length = pcre2_config_8(UInt32(PCRE2_CONFIG_VERSION), &buffer)
    guard length > 1 else { return "unknown" }
    return String(decoding: buffer[0..<Int(length - 1)], as: UTF8.self)
}
