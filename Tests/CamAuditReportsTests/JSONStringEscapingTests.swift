import CamAuditModel
import Foundation
import Testing

/// JSON strings are escaped from the UTF-8 bytes; every string must still come back as it was
/// and escape exactly what JSON and JavaScript need escaped.
@Suite struct JSONStringEscapingTests {
    @Test func escapesWhatJSONAndJavaScriptNeed() {
        #expect(JSONValue.string("a\"b\\c\nd\re\tf").serialized() == #""a\"b\\c\nd\re\tf""#)
        #expect(JSONValue.string("\u{0}\u{1F}\u{7F}").serialized() == #""\u0000\u001f\u007f""#)
        #expect(JSONValue.string("x\u{2028}y\u{2029}z").serialized() == #""x\u2028y\u2029z""#)
        // E2 80 starts other characters too (U+2014 EM DASH): left as it is.
        #expect(JSONValue.string("a—b €").serialized() == "\"a—b €\"")
        #expect(JSONValue.string("").serialized() == "\"\"")
        #expect(JSONValue.string("é\u{301}\"").serialized() == "\"é\u{301}\\\"\"")
    }

    @Test func randomStringsRoundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Unicode.Scalar] = ["a", "\"", "\\", "\n", "\u{0}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}", "\u{2014}", "é", "\u{301}", "😀", "Z", " "]
        for _ in 0..<2_000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...24, using: &generator) { scalars.append(alphabet.randomElement(using: &generator)!) }
            let text = String(scalars)
            let json = JSONValue.array([.string(text)]).serialized()
            let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
            #expect(decoded == [text], "\(json)")
            #expect(!json.contains("\u{2028}") && !json.contains("\u{2029}") && !json.contains("\n"))
        }
    }

    /// Long plain runs are skipped eight bytes at a time: every special byte, at every offset
    /// in and around a word, must still be escaped.
    @Test func aSpecialByteAtAnyOffsetOfALongRunIsEscaped() throws {
        for special in ["\"", "\\", "\n", "\u{0}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}", "—"] {
            for offset in 0..<20 {
                let text = String(repeating: "a", count: offset) + special + String(repeating: "b", count: 19 - offset)
                let json = JSONValue.string(text).serialized()
                let decoded = try JSONSerialization.jsonObject(with: Data("[\(json)]".utf8)) as? [String]
                #expect(decoded == [text], "\(json)")
                // Control bytes, DEL and the JavaScript line ends never appear raw.
                if !["\"", "\\", "—"].contains(special) { #expect(!json.contains(special), "\(json)") }
            }
        }
    }
}
