import CamAuditModel
import CamAuditTestSupport
import Testing

/// The fast paths of DeviceText against the plain Swift they stand for, on seeded random
/// bytes: mostly ASCII, some high bytes, some valid multi-byte sequences.
@Suite struct DeviceTextTests {
    private static func samples(count: Int) -> [[UInt8]] {
        var random = SplitMix(seed: 0xDE71CE)
        let pieces: [[UInt8]] = [Array("é".utf8), Array("ß".utf8), Array("€".utf8), Array("İ".utf8), [0xFF], [0xC3], [0xE2, 0x82]]
        return (0..<count).map { _ in
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &random) {
                if Int.random(in: 0..<10, using: &random) == 0 {
                    bytes += pieces.randomElement(using: &random)!
                } else {
                    bytes.append(UInt8.random(in: 0x00...0x7F, using: &random))
                }
            }
            return bytes
        }
    }

    @Test func decodingMatchesValidatingThenLatin1() {
        for bytes in Self.samples(count: 5_000) {
            let reference = String(validating: bytes, as: UTF8.self) ?? String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
            #expect(DeviceText.decode(bytes) == reference)
            #expect(DeviceText.decode(bytes[...]) == reference)
            #expect(DeviceText.isUTF8(bytes) == (String(validating: bytes, as: UTF8.self) != nil))
            #expect(DeviceText.isASCII(bytes) == bytes.allSatisfy { $0 < 0x80 })
        }
    }

    @Test func lowercasedLettersMatchCharacterProperties() {
        for bytes in Self.samples(count: 5_000) {
            let text = DeviceText.decode(bytes)
            let withDigits = DeviceText.lowercasedLetters(of: text, keepingDigits: true)
            let lettersOnly = DeviceText.lowercasedLetters(of: text, keepingDigits: false)
            if bytes.allSatisfy({ $0 < 0x80 }) {
                #expect(withDigits == text.lowercased().filter { $0.isLetter || $0.isNumber })
                #expect(lettersOnly == text.lowercased().filter { $0.isLetter })
            } else {
                #expect(withDigits == nil && lettersOnly == nil)
            }
        }
    }
}
