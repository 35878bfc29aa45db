import CamAuditModel

/// Byte-level reading for `XMLDocumentParser`, with line counting for diagnostics.
struct XMLCursor {
    let bytes: [UInt8]
    private(set) var offset = 0
    private(set) var line = 1

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    var atEnd: Bool { offset >= bytes.count }

    func peek() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

    func hasPrefix(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { lit in
            for i in 0..<count where bytes[offset + i] != lit[i] { return false }
            return true
        }
    }

    mutating func advance(_ count: Int) {
        let end = min(offset + count, bytes.count)
        while offset < end {
            if bytes[offset] == UInt8(ascii: "\n") { line += 1 }
            offset += 1
        }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        advance(1)
        return true
    }

    mutating func skipWhitespace() {
        while let b = peek(), b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { advance(1) }
    }

    /// Moves past `terminator`; an unterminated construct is an error.
    mutating func skip(past terminator: StaticString, what: String) throws(XMLParseError) {
        _ = try read(until: terminator, what: what)
    }

    /// Returns the bytes before `terminator` and moves past it.
    mutating func read(until terminator: StaticString, what: String) throws(XMLParseError) -> ArraySlice<UInt8> {
        let start = offset
        let startLine = line
        while !atEnd {
            if hasPrefix(terminator) {
                let content = bytes[start..<offset]
                advance(terminator.utf8CodeUnitCount)
                return content
            }
            advance(1)
        }
        throw XMLParseError(line: startLine, message: "unterminated \(what)")
    }

    /// Skips `<!DOCTYPE …>` or another `<!…>` declaration, including a bracketed internal
    /// subset, without interpreting any of it.
    mutating func skipDeclaration() throws(XMLParseError) {
        let startLine = line
        var bracketDepth = 0
        var quote: UInt8?
        advance(2)
        while let b = peek() {
            advance(1)
            if let q = quote {
                if b == q { quote = nil }
                continue
            }
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = b
            case UInt8(ascii: "["): bracketDepth += 1
            case UInt8(ascii: "]"): bracketDepth = max(0, bracketDepth - 1)
            case UInt8(ascii: ">") where bracketDepth == 0: return
            default: break
            }
        }
        throw XMLParseError(line: startLine, message: "unterminated <! declaration")
    }

    static func isNameByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"),
             UInt8(ascii: "."), UInt8(ascii: ":"), 0x80...0xFF:
            return true
        default:
            return false
        }
    }

    mutating func readName() -> String {
        let start = offset
        while let b = peek(), Self.isNameByte(b) { advance(1) }
        return Self.string(from: bytes[start..<offset])
    }

    /// Character data up to the next `<`, with references decoded.
    mutating func readText() -> String {
        let start = offset
        while let b = peek(), b != UInt8(ascii: "<") { advance(1) }
        return Self.decodeReferences(bytes[start..<offset])
    }

    /// Reads attributes up to `>` or `/>`; returns true for a self-closing tag.
    mutating func readAttributes(into attributes: inout [XMLAttribute], tag: String, line tagLine: Int) throws(XMLParseError) -> Bool {
        while true {
            skipWhitespace()
            guard let b = peek() else {
                throw XMLParseError(line: tagLine, message: "start tag <\(tag)> is not closed")
            }
            if b == UInt8(ascii: ">") {
                advance(1)
                return false
            }
            if b == UInt8(ascii: "/") {
                advance(1)
                guard consume(UInt8(ascii: ">")) else {
                    throw XMLParseError(line: line, message: "'/' inside <\(tag)> not followed by '>'")
                }
                return true
            }
            let name = readName()
            guard !name.isEmpty else {
                throw XMLParseError(line: line, message: "unexpected character in <\(tag)>")
            }
            skipWhitespace()
            guard consume(UInt8(ascii: "=")) else {
                throw XMLParseError(line: line, message: "attribute \(name) in <\(tag)> has no value")
            }
            skipWhitespace()
            guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw XMLParseError(line: line, message: "attribute \(name) in <\(tag)> is not quoted")
            }
            advance(1)
            let start = offset
            while let c = peek(), c != quote { advance(1) }
            guard !atEnd else {
                throw XMLParseError(line: tagLine, message: "attribute \(name) in <\(tag)> is not closed")
            }
            let raw = bytes[start..<offset]
            advance(1)
            if attributes.contains(where: { $0.name == name }) {
                throw XMLParseError(line: line, message: "attribute \(name) repeated in <\(tag)>")
            }
            attributes.append(XMLAttribute(name: name, value: Self.decodeReferences(raw)))
        }
    }

    /// UTF-8 when valid, otherwise ISO-8859-1, so that no byte of a device reply is lost.
    static func string(from bytes: ArraySlice<UInt8>) -> String { DeviceText.decode(bytes) }

    /// ISO-8859-1 bytes as UTF-8: each byte is the scalar of the same number.
    private static func appendLatin1(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
            } else {
                out.append(0xC0 | byte >> 6)
                out.append(0x80 | byte & 0x3F)
            }
        }
    }

    /// Decodes the five predefined entities and numeric references. Anything else, including
    /// names a DTD might have declared, is kept literally: nothing is ever expanded. Works on
    /// the bytes (a `;` within 12 bytes of the `&` ends a reference; every name that decodes
    /// is ASCII and shorter), since a hostile reply can be made of little but references.
    static func decodeReferences(_ raw: ArraySlice<UInt8>) -> String {
        guard raw.contains(UInt8(ascii: "&")) else { return string(from: raw) }
        let isUTF8 = DeviceText.isUTF8(raw)
        var out: [UInt8] = []
        out.reserveCapacity(raw.count + 16)
        func appendText(_ text: ArraySlice<UInt8>) {
            if isUTF8 { out.append(contentsOf: text) } else { appendLatin1(text, to: &out) }
        }
        var index = raw.startIndex
        var literalStart = index
        while let amp = raw[index...].firstIndex(of: UInt8(ascii: "&")) {
            let nameStart = amp + 1
            guard let semicolon = raw[nameStart..<min(raw.endIndex, nameStart + 12)].firstIndex(of: UInt8(ascii: ";")) else {
                index = nameStart
                continue
            }
            index = semicolon + 1
            guard let scalar = decodeEntity(raw[nameStart..<semicolon]) else { continue }
            appendText(raw[literalStart..<amp])
            out.append(contentsOf: String(Character(scalar)).utf8)
            literalStart = index
        }
        appendText(raw[literalStart...])
        return String(decoding: out, as: UTF8.self)
    }

    private static func decodeEntity(_ name: ArraySlice<UInt8>) -> Unicode.Scalar? {
        switch name.count {
        case 2 where name.elementsEqual("lt".utf8): return "<"
        case 2 where name.elementsEqual("gt".utf8): return ">"
        case 3 where name.elementsEqual("amp".utf8): return "&"
        case 4 where name.elementsEqual("quot".utf8): return "\""
        case 4 where name.elementsEqual("apos".utf8): return "'"
        default:
            guard name.first == UInt8(ascii: "#") else { return nil }
            // At most 11 bytes: a small string, no allocation.
            let digits = String(decoding: name.dropFirst(), as: UTF8.self)
            let value: UInt32?
            if digits.first == "x" || digits.first == "X" {
                value = UInt32(digits.dropFirst(), radix: 16)
            } else {
                value = UInt32(digits, radix: 10)
            }
            return value.flatMap(Unicode.Scalar.init)
        }
    }
}
