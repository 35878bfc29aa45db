import Foundation
import CamAuditTestSupport
import Testing
@testable import CamAuditDissectors

/// The byte-level readings of ASCII heads and bodies must give what the text readings give
/// (the same start line, headers, lines, length), for every kind of line end a device sends.
@Suite struct ByteLevelReadingTests {
    func bothReadings(_ head: [UInt8]) throws -> (ascii: (String, [HTTPMessage.Header])?, text: (String, [HTTPMessage.Header])) {
        (try HTTPMessage.asciiHead(head[...]), try HTTPMessage.textHead(Bytes.text(head)))
    }

    @Test func handWrittenHeadsReadAlike() throws {
        let heads = [
            "", "HTTP/1.1 200 OK", "RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: Digest realm=\"x\"",
            "HTTP/1.0 200 OK\nServer: a\n folded\n\tmore\nX:", "\r\n\r\r\nA: b\u{0B}C: d\u{0C}E:f", " lead: x\n: empty name",
            "HTTP/1.1 302 Found\r\nLocation: http://h/a:b\r\nDate:  Wed, Apr 26 2023\r",
        ]
        for head in heads {
            let (ascii, text) = try bothReadings(Array(head.utf8))
            let read = try #require(ascii, "an ASCII head is read by bytes: \(head.debugDescription)")
            #expect(read.0 == text.0, "start line of \(head.debugDescription)")
            #expect(read.1 == text.1, "headers of \(head.debugDescription)")
        }
    }

    @Test func randomASCIIHeadsReadAlike() throws {
        // Weighted towards the bytes that decide lines and headers.
        let alphabet: [UInt8] = Array("\r\n\r\n\u{0B}\u{0C} \t::aZ09/.=\"-\0".utf8)
        var random = SplitMix(seed: 18)
        for round in 0..<20_000 {
            let length = Int.random(in: 0...40, using: &random)
            let head = (0..<length).map { _ in alphabet.randomElement(using: &random)! }
            let (ascii, text) = try bothReadings(head)
            let read = try #require(ascii)
            #expect(read.0 == text.0 && read.1 == text.1, "round \(round): \(head)")
        }
    }

    @Test func headsWithOtherBytesAreLeftToTheTextReading() throws {
        #expect(try HTTPMessage.asciiHead(Array("HTTP/1.1 200 OK\r\nServer: caf\u{E9}".utf8)[...]) == nil)
        #expect(try HTTPMessage.asciiHead([0x48, 0x85, 0x0A, 0x41, 0x3A, 0x42][...]) == nil)
    }

    @Test func tooManyHeadersIsAnErrorOnBothReadings() {
        let head = Array(("HTTP/1.1 200 OK" + String(repeating: "\r\nA: b", count: HTTPMessage.maxHeaders + 1)).utf8)
        #expect(throws: DissectError.self) { try HTTPMessage.asciiHead(head[...]) }
        #expect(throws: DissectError.self) { try HTTPMessage.textHead(Bytes.text(head)) }
    }

    @Test func linesContentLengthAndSessionLinesReadAlike() throws {
        let alphabet: [UInt8] = Array("\r\n\r\n\u{0B}\u{0C} \t:=sa1-+Content-LENGTH".utf8)
        var random = SplitMix(seed: 7)
        for round in 0..<20_000 {
            let length = Int.random(in: 0...48, using: &random)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &random)! }
            let text = Bytes.text(bytes)
            let lines = try #require(Bytes.asciiLines(bytes[...]))
            #expect(Bytes.lines(of: text) == text.split(whereSeparator: \.isNewline), "round \(round): \(bytes)")
            #expect(lines.map { String(decoding: $0, as: UTF8.self) } == text.split(whereSeparator: \.isNewline).map(String.init), "round \(round): \(bytes)")
            var textLength: Int?
            for line in text.lowercased().split(whereSeparator: \.isNewline) where line.hasPrefix("content-length:") {
                textLength = max(0, min(Int(Bytes.trimmed(line.dropFirst(15))) ?? 0, HTTPMessage.maxBodyBytes))
            }
            #expect(RTSPDissector.contentLength(bytes[...]) == textLength, "round \(round): \(bytes)")
            let textSession = text.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("s=") || $0.hasPrefix("a=") }.map(String.init)
            #expect(RTSPDissector.sessionLines(bytes) == textSession, "round \(round): \(bytes)")
            #expect(RTSPDissector.sessionText(bytes, limit: 3) == (textSession.isEmpty ? nil : textSession.prefix(3).joined(separator: "\n")), "round \(round): \(bytes)")
        }
        #expect(RTSPDissector.contentLength(Array("RTSP/1.0 200 OK\r\nCONTENT-LENGTH:  12 \r\n".utf8)[...]) == 12)
        #expect(Bytes.asciiLines(Array("a\u{E9}".utf8)[...]) == nil)
        // Not ASCII: split as Characters (U+2028 and NEL end lines there too).
        let wide = "type=\u{E9}\r\nsn=1\u{2028}vendor=Dahua\u{85}x=\u{301}"
        #expect(Bytes.lines(of: wide) == wide.split(whereSeparator: \.isNewline))
    }
}

/// `XMLBodyFacts.lexical` reads cut bodies by bytes; it must find what the Character reading
/// it replaced found (kept here as the reference) in bodies made of the pieces that decide it.
@Suite struct LexicalXMLReadingTests {
    static func characterReading(_ body: [UInt8]) -> (namespaces: [String], serial: String?) {
        let text = Bytes.text(body)
        var namespaces: [String] = []
        var rest = text[...]
        while namespaces.count < XMLBodyFacts.maxNamespaces, let declaration = rest.range(of: "xmlns") {
            rest = rest[declaration.upperBound...]
            var cursor = rest.drop { $0 != "=" && $0 != ">" && $0 != "<" }
            guard cursor.first == "=" else { continue }
            cursor = cursor.dropFirst().drop { $0 == " " }
            guard let quote = cursor.first, quote == "\"" || quote == "'" else { continue }
            let value = cursor.dropFirst().prefix { $0 != quote && $0 != "<" && $0 != ">" }
            guard value.endIndex < cursor.endIndex, cursor[value.endIndex] == quote, !value.isEmpty, value.count <= 256 else { continue }
            if !namespaces.contains(String(value)) { namespaces.append(String(value)) }
            rest = cursor[value.endIndex...]
        }
        var serial: String?
        if let open = text.range(of: "serialNumber"), let tagEnd = text[open.upperBound...].firstIndex(of: ">") {
            let content = text[text.index(after: tagEnd)...].prefix { $0 != "<" }
            let value = Bytes.trimmed(content)
            if content.endIndex < text.endIndex, !value.isEmpty, value.utf8.count <= XMLBodyFacts.maxSerialBytes, !value.contains(">") { serial = value }
        }
        return (namespaces, serial)
    }

    @Test func randomCutBodiesReadAlike() {
        let pieces: [[UInt8]] = [
            "xmlns", "xmlns:hik", "=", "=\"", "\"", "'", " ", "<", ">", "</", "serialNumber", "<serialNumber>", "</serialNumber>",
            "http://www.hikvision.com/ver20/XMLSchema", "urn:psialliance-org", "DS-2CD2043G2-I20200101AAWR", "\r\n", "\t",
            "é", "海康", "\u{2028}",
        ].map { Array($0.utf8) } + [[0xE9], [0xFF, 0xFE], [0xC3]]
        var random = SplitMix(seed: 41)
        for round in 0..<20_000 {
            let body = (0..<Int.random(in: 0...24, using: &random)).flatMap { _ in pieces.randomElement(using: &random)! }
            let bytes = XMLBodyFacts.lexical(body), characters = Self.characterReading(body)
            #expect(bytes.namespaces == characters.namespaces && bytes.serial == characters.serial, "round \(round): \(body)")
        }
    }

    @Test func aLongNamespaceIsCountedInCharacters() {
        let value = String(repeating: "é", count: 200)
        let body = Array("<a xmlns=\"\(value)\">".utf8)
        #expect(XMLBodyFacts.lexical(body).namespaces == [value])
        #expect(XMLBodyFacts.lexical(Array("<a xmlns=\"\(String(repeating: "é", count: 257))\">".utf8)).namespaces.isEmpty)
    }
}
