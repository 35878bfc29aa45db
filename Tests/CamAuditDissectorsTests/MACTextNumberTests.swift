import CamAuditModel
import CamAuditTestSupport
import Testing

@Suite struct MACTextNumberTests {
    /// `MACText.number` reads what `hexDigits` accepts, to the same value, on seeded random
    /// spellings (separators, cases, wrong lengths, stray bytes).
    @Test func numberAgreesWithTheDigitString() {
        var random = SplitMix(seed: 0x3AC)
        func next(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &random) }
        let pieces = ["a", "F", "0", "9", "c", ":", "-", ".", " ", "g", "x", "é"]
        var readable = 0
        for _ in 0..<20_000 {
            let text = (0..<(10 + next(10))).map { _ in pieces[next(next(5) == 0 ? pieces.count : 5)] }.joined()
            let reference = MACText.hexDigits(text).flatMap { UInt64($0, radix: 16) }
            #expect(MACText.number(text) == reference, "\(text)")
            if reference != nil { readable += 1 }
        }
        #expect(MACText.number("3C:EF:8C:12:34:56") == 0x3CEF8C123456)
        #expect(MACText.hexValue("00Ab".utf8) == 0xAB)
        #expect(readable > 100, "the samples should include readable MACs")
    }
}
