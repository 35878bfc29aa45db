import Testing
@testable import CamAuditPattern

@Suite struct PatternTests {
    @Test func capturesGroups() throws {
        let pattern = try Pattern(#"^IP Camera\(([0-9A-Z]{5})\)$"#)
        #expect(pattern.captureCount == 1)
        let captures = try #require(pattern.firstMatch(in: "IP Camera(C2183)"))
        #expect(captures[1] == "C2183")
        #expect(pattern.firstMatch(in: "IP Camera(C218)") == nil)
    }

    @Test func optionsApply() throws {
        #expect(try Pattern("^hikvision$", options: .caseInsensitive).matches("HIKVISION"))
        #expect(try !Pattern("^hikvision$").matches("HIKVISION"))
        #expect(try Pattern("a.b", options: .dotMatchesNewline).matches("a\nb"))
        #expect(try Pattern("^b$", options: .multiline).matches("a\nb\nc"))
    }

    @Test func unsetGroupIsNil() throws {
        let captures = try #require(try Pattern("^(a)?(b)$").firstMatch(in: "b"))
        #expect(captures[1] == nil)
        #expect(captures[2] == "b")
    }

    @Test func reportsCompileErrors() {
        do {
            _ = try Pattern("(unclosed")
            Issue.record("bad pattern compiled")
        } catch {
            #expect(error.message.contains("missing closing parenthesis"))
        }
    }

    @Test func matchesBytesWithNULAndHighBytes() throws {
        let pattern = try Pattern(#"^\x00\x01\xff"#)
        let subject: [UInt8] = [0, 1, 0xFF, 2]
        let matched = subject.withUnsafeBytes { pattern.firstMatch(inBytes: $0) }
        #expect(matched?.first??.count == 3)
        #expect(try Pattern("^$").matches(""))
    }

    @Test func catastrophicBacktrackingIsBounded() throws {
        let pattern = try Pattern("^(a+)+$")
        let hostile = String(repeating: "a", count: 5_000) + "!"
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = pattern.matches(hostile) }
        #expect(elapsed < .seconds(2))
    }
}
