import CamAuditModel
import Testing

/// MAC addresses in the spellings devices and exports use, and nothing else.
@Suite struct MACTextTests {
    @Test func everyCommonSpellingGivesOneAddress() {
        for text in ["bc:ad:28:12:34:56", "BC-AD-28-12-34-56", "bcad.2812.3456", "BCAD28123456", "bc ad 28 12 34 56"] {
            #expect(MACText.normalized(text) == "bc:ad:28:12:34:56", "\(text)")
            #expect(MACText.hexDigits(text) == "BCAD28123456", "\(text)")
        }
    }

    @Test func otherTextIsNotAnAddress() {
        for text in ["", "bc:ad:28:12:34", "bc:ad:28:12:34:56:78", "bc:ad:28:12:34:5g", "bc/ad/28/12/34/56", "MAC bc:ad:28:12:34:56", "ｂｃ:ad:28:12:34:56"] {
            #expect(MACText.normalized(text) == nil, "\(text)")
        }
    }

    @Test func anOUIAloneIsAPrefix() {
        #expect(MACText.prefixOnly("BC:AD:28") == "bc:ad:28")
        #expect(MACText.prefixOnly("  bc-ad-28\t") == "bc:ad:28")
        #expect(MACText.prefixOnly("bcad28") == "bc:ad:28")
        #expect(MACText.prefixOnly("bc:ad:28:12:34:56") == nil)
        #expect(MACText.prefixOnly("bc:ad") == nil)
        #expect(MACText.prefixOnly("bc;ad;28") == nil)
    }
}
