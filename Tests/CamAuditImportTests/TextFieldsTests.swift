@testable import CamAuditImport
import Foundation
import Testing

@Suite struct TextFieldsTests {
    @Test func macsInEveryNotationSwitchesPrint() {
        #expect(TextFields.mac("4419.b6aa.bbcc") == "44:19:b6:aa:bb:cc")
        #expect(TextFields.mac("44-19-B6-AA-BB-CC") == "44:19:b6:aa:bb:cc")
        #expect(TextFields.mac("4419b6-aabbcc") == "44:19:b6:aa:bb:cc")
        #expect(TextFields.mac("Gi1/0/14") == nil)
        #expect(TextFields.mac("4419.b6aa.bbc") == nil)
    }

    /// The native trim agrees with Foundation's `.whitespaces`, on whole strings and substrings.
    @Test func trimmingAgreesWithFoundationsWhitespaces() {
        let samples = ["", " ", "\t\t", "  lease 10.0.0.5 {  ", "\u{00A0}x\u{3000}", "\u{2003}a b\u{202F}",
                       "x\n", "\u{200B}zero-width\u{200B}", " \u{301}e ", "é\t", "\u{1680}\u{205F}", "a\u{00A0}\u{00A0}b", "\u{180E}x\u{180E}", "\u{FEFF}bom", "\u{0B}v\u{0C}", "\u{85}nel"]
        for sample in samples {
            #expect(TextFields.trimmed(sample) == sample.trimmingCharacters(in: .whitespaces), "\(sample.unicodeScalars.map { String($0.value, radix: 16) })")
            let inner = sample.dropFirst()
            #expect(TextFields.trimmed(inner) == inner.trimmingCharacters(in: .whitespaces))
        }
    }

    @Test func csvQuotesAndDoubledQuotes() {
        #expect(TextFields.csv("\"a,b\",\"c\"\"d\",e") == ["a,b", "c\"d", "e"])
        #expect(TextFields.csv("\"open,") == nil)
    }

    @Test func promptNamesTheSwitch() {
        #expect(TextFields.promptName("core-1#show mac address-table") == "core-1")
        #expect(TextFields.promptName("admin@sw-2> show ethernet-switching table") == "sw-2")
        #expect(TextFields.promptName("   1    000d.482c.183e    DYNAMIC     Gi1/0/24") == nil)
    }

    @Test func civilTimeIsUTC() {
        #expect(TextFields.utc(year: 2026, month: 12, day: 6, hour: 19, minute: 50, second: 0)?.timeIntervalSince1970 == 1_796_586_600)
        #expect(TextFields.utc(year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0)?.timeIntervalSince1970 == 0)
        #expect(TextFields.utc(year: 2026, month: 13, day: 1, hour: 0, minute: 0, second: 0) == nil)
    }
}

extension TextFieldsTests {
    static func utc(_ text: String) -> Date? { ISO8601DateFormatter().date(from: text) }
}
