import Testing
@testable import CamAuditXML

@Suite struct XMLDocumentParserTests {
    let parser = XMLDocumentParser()

    @Test func anElementAfterTheRootIsAnErrorInOurFilesAndToleratedFromDevices() throws {
        // How a fingerprint pasted after </fingerprints> was once lost without a word.
        let text = Array("<fingerprints>\n<a/>\n</fingerprints>  <fingerprint id=\"x\"/>\n".utf8)
        #expect(throws: XMLParseError.self) { try parser.parse(text) }
        let device = try XMLDocumentParser(limits: .deviceReply).parse(text)
        #expect(device.root.name == "fingerprints")
        // Comments, processing instructions and blank text after the root stay allowed.
        _ = try parser.parse(Array("<a/>\n<!-- end -->\n<?x y?>\n".utf8))
    }

    @Test func parsesElementsAttributesAndText() throws {
        let document = try parser.parse(Array("""
        <?xml version="1.0"?>
        <a x="1" y='two &amp; three'>
          <b:c>hello &lt;world&gt; &#65;&#x42;</b:c>
          <d/>
        </a>
        """.utf8))
        #expect(document.root.name == "a")
        #expect(document.root.attribute("y") == "two & three")
        #expect(document.root.child(named: "c")?.text == "hello <world> AB")
        #expect(document.root.child(named: "c")?.line == 3)
        #expect(document.root.children.count == 2)
    }

    @Test func neverExpandsEntitiesDeclaredInADoctype() throws {
        // The "billion laughs": each entity is ten of the previous one.
        var doctype = "<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        for level in 1...9 {
            doctype += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1 == 0 ? "" : String(level - 1));", count: 10) + "\">"
        }
        doctype += "]>"
        let document = try parser.parse(Array((doctype + "<lolz>&lol9;</lolz>").utf8))
        #expect(document.hadDoctype)
        #expect(document.root.text == "&lol9;")
    }

    @Test func externalEntityReferencesStayLiteral() throws {
        let xml = "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><r>&xxe;</r>"
        let document = try parser.parse(Array(xml.utf8))
        #expect(document.root.text == "&xxe;")
    }

    @Test func reportsMalformedInputWithALine() {
        #expect(throws: XMLParseError.self) { try parser.parse(Array("<a>\n<b></a>".utf8)) }
        do {
            _ = try parser.parse(Array("<a>\n\n<b>".utf8))
            Issue.record("unterminated document parsed")
        } catch {
            #expect(error.message.contains("ends inside"))
        }
    }

    @Test func enforcesDepthSizeAndElementLimits() {
        let deep = String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100)
        #expect(throws: XMLParseError.self) { try XMLDocumentParser(limits: .deviceReply).parse(Array(deep.utf8)) }
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: (256 << 10) + 1)
        #expect(throws: XMLParseError.self) { try XMLDocumentParser(limits: .deviceReply).parse(big) }
        let many = "<r>" + String(repeating: "<i/>", count: 5_000) + "</r>"
        #expect(throws: XMLParseError.self) { try XMLDocumentParser(limits: .deviceReply).parse(Array(many.utf8)) }
    }

    @Test func keepsInvalidUTF8AsLatin1() throws {
        let document = try parser.parse([UInt8]("<a>".utf8) + [0xE9, 0xFF] + [UInt8]("</a>".utf8))
        #expect(document.root.text == "\u{E9}\u{FF}")
    }

    @Test func survivesRandomBytes() {
        var generator = SplitMix64(seed: 0xC0FFEE)
        let alphabet = Array("<>/=\"'&;![]?-abc xml:DOCTYPE\n".utf8)
        for _ in 0..<3_000 {
            let length = Int(generator.next() % 200)
            var bytes: [UInt8] = []
            for _ in 0..<length {
                let r = generator.next()
                bytes.append(r % 4 == 0 ? UInt8(truncatingIfNeeded: r >> 8) : alphabet[Int(r >> 16) % alphabet.count])
            }
            _ = try? XMLDocumentParser(limits: .deviceReply).parse(bytes)
        }
    }
}

/// Deterministic generator so fuzz-style tests are reproducible.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
