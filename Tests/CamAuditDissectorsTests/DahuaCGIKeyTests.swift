@testable import CamAuditDissectors
import CamAuditTestSupport
import Testing

@Suite struct DahuaCGIKeyTests {
    /// The byte search that replaced `split(separator: ".").last` gives the same key on
    /// seeded random names made of dots, letters and a non-ASCII letter.
    @Test func lastKeyPartMatchesTheCharacterSplit() {
        var random = SplitMix(seed: 0xC61)
        func next(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &random) }
        let pieces = [".", ".", "table", "General", "type", "é", "x", ""]
        for _ in 0..<5_000 {
            let name = (0..<next(7)).map { _ in pieces[next(pieces.count)] }.joined()
            let reference = name.split(separator: ".").last.map(String.init) ?? ""
            #expect(String(DahuaCGIDissector.lastKeyPart(name[...])) == reference, "\(name)")
        }
    }
}
