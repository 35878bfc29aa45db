import CamAuditTestSupport
import Testing
import Foundation
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
        var generator = SplitMix(seed: 0xC0FFEE)
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

/// References are decoded from the bytes: the five entities and numeric references, anything
/// else kept as written, in UTF-8 and in ISO-8859-1 text alike.
@Suite struct XMLReferenceTests {
    func text(_ bytes: [UInt8]) -> String { XMLCursor.decodeReferences(bytes[...]) }

    @Test func decodesWhatXMLDefinesAndKeepsTheRest() {
        #expect(text(Array("a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;".utf8)) == "a <b> & \"c\" 'd'")
        #expect(text(Array("&#65;&#x42;&#X43;&#x1F600;".utf8)) == "ABC😀")
        // Not a scalar (a surrogate, past U+10FFFF, too many digits), not an entity, no `;`
        // within reach: kept as written.
        #expect(text(Array("&#xD800; &#x110000; &#99999999999; &nbsp; &unknownlongname; & &lt".utf8))
            == "&#xD800; &#x110000; &#99999999999; &nbsp; &unknownlongname; & &lt")
        // A `&` whose `;` closes a longer run is literal up to it; scanning resumes after it.
        #expect(text(Array("&&lt; &amp;&lt;".utf8)) == "&&lt; &<")
        #expect(text(Array("é &eacute; &#233;".utf8)) == "é &eacute; é")
    }

    @Test func latin1TextStaysLatin1() {
        // 0xE9 alone is not UTF-8: the text is ISO-8859-1, references still decode.
        #expect(text([0x63, 0x61, 0x66, 0xE9, 0x20] + Array("&amp; &#x41;".utf8)) == "café & A")
        #expect(XMLCursor.string(from: [0x41, 0xFF, 0x80][...]) == "A\u{FF}\u{80}")
    }

    /// The input the xml fuzzer found taking over 100 ms of CPU (instrumented) before the
    /// references were decoded from the bytes: almost nothing but references in ISO-8859-1
    /// text. It must still parse as before, within the budget (the fuzz targets replay it).
    @Test func theFuzzerFindingParses() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fuzz/xml/cpu-character-references")
        let bytes = [UInt8](try Data(contentsOf: url))
        #expect(bytes.count > 50_000)
        #expect(throws: XMLParseError.self) { try XMLDocumentParser(limits: .deviceReply).parse(bytes) }
        #expect(throws: XMLParseError.self) { try XMLDocumentParser().parse(bytes) }
    }

    /// Child lookups compare local names byte for byte; they must mean what `localName ==` meant.
    @Test func localNamesMatchAfterTheLastPrefixOnly() {
        let cases: [(name: String, wanted: String)] = [
            ("tds:Model", "Model"), ("tds:Model", "odel"), ("tds:Model", "tds:Model"), ("Model", "Model"),
            ("Model", "model"), ("a:b:Model", "Model"), ("a:b:Model", "b:Model"), ("xModel", "Model"),
            (":Model", "Model"), ("Model:", ""), ("", ""), ("tt:Hersteller\u{E9}", "Hersteller\u{E9}"),
            ("tt:Name\u{301}", "Name"),
        ]
        for (name, wanted) in cases {
            let element = XMLElement(name: name)
            #expect(element.hasLocalName(wanted) == (element.localName == wanted), "\(name) ~ \(wanted)")
        }
        // XML compares names as code points: a differently composed name is another name.
        #expect(!XMLElement(name: "Mod\u{E8}le").hasLocalName("Mode\u{300}le"))
        let parent = XMLElement(name: "d:DeviceInfo", children: [XMLElement(name: "d:model", text: "DS-2CD2143G2-I"), XMLElement(name: "serialNumber")])
        #expect(parent.child(named: "model")?.text == "DS-2CD2143G2-I")
        #expect(parent.child(named: "d:model") == nil)
        #expect(parent.children(named: "serialNumber").count == 1)
        #expect(parent.first(named: "DeviceInfo")?.name == "d:DeviceInfo")
    }
}
