@testable import CamAuditDissectors
import Testing

@Suite struct DahuaCGIKeyTests {
    /// The byte search that replaced `split(separator: ".").last` gives the same key on
    /// seeded random names made of dots, letters and a non-ASCII letter.
    @Test func lastKeyPartMatchesTheCharacterSplit() {
        var state: UInt64 = 0xC61
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        let pieces = [".", ".", "table", "General", "type", "é", "x", ""]
        for _ in 0..<5_000 {
            let name = (0..<next(7)).map { _ in pieces[next(pieces.count)] }.joined()
            let reference = name.split(separator: ".").last.map(String.init) ?? ""
            #expect(String(DahuaCGIDissector.lastKeyPart(name[...])) == reference, "\(name)")
        }
    }
}
