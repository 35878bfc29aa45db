import CamAuditModel

/// Byte helpers for hostile input: every read is bounds-checked.
enum Bytes {
    /// UTF-8 when valid, otherwise ISO-8859-1, so that no byte of a device reply is lost.
    static func text<C: Collection<UInt8>>(_ bytes: C) -> String { DeviceText.decode(bytes) }

    /// Where `needle` first occurs in `haystack`, byte for byte.
    static func firstRange(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Range<Int>? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            guard let found = haystack[index...last].firstIndex(of: first) else { return nil }
            if haystack[found..<(found + needle.count)].elementsEqual(needle) { return found..<(found + needle.count) }
            index = found + 1
        }
        return nil
    }

    /// Where `needle` (lower-case ASCII) first occurs in `haystack`, ignoring ASCII case.
    static func firstRange(ofCaseInsensitive needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Range<Int>? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if Self.lowered(haystack[index]) == first {
                var offset = 1
                while offset < needle.count, Self.lowered(haystack[index + offset]) == needle[offset] { offset += 1 }
                if offset == needle.count { return index..<(index + needle.count) }
            }
            index += 1
        }
        return nil
    }

    /// ASCII letters folded to lower case; every other byte unchanged.
    static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    static func hex<C: Collection<UInt8>>(_ bytes: C) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses hex text (whitespace allowed); nil on any other character or an odd count.
    static func fromHex(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count / 2)
        var high: UInt8?
        for byte in text.utf8 {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = byte - UInt8(ascii: "A") + 10
            case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ":"): continue
            default: return nil
            }
            if let h = high {
                out.append(h << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return high == nil ? out : nil
    }

    static func u32le(_ bytes: [UInt8], _ offset: Int) -> UInt32? {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    static func u32be(_ bytes: [UInt8], _ offset: Int) -> UInt32? {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    static func u16le(_ bytes: [UInt8], _ offset: Int) -> UInt16? {
        guard offset >= 0, offset + 2 <= bytes.count else { return nil }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    /// Printable ASCII up to the first NUL, for fixed-width C string fields.
    static func cString(_ bytes: [UInt8], _ offset: Int, _ length: Int) -> String {
        guard offset >= 0, offset < bytes.count else { return "" }
        let end = min(bytes.count, offset + length)
        let field = bytes[offset..<end].prefix { $0 != 0 }
        return String(decoding: field.filter { $0 >= 0x20 && $0 < 0x7F }, as: UTF8.self)
    }

    /// ASCII whitespace trimmed at the byte level: Character-by-Character trimming was the
    /// hottest spot of passive analysis.
    static func trimmed(_ text: Substring) -> String {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, isASCIISpace(utf8[start]) { start = utf8.index(after: start) }
        while end > start, isASCIISpace(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        return String(text[start..<end])
    }

    static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    static func trimmed(_ text: String) -> String { trimmed(text[...]) }

    /// The non-empty lines of ASCII bytes, split where `Character.isNewline` would split the
    /// same text (LF, CR, CR LF, VT, FF), without building the text; nil when a byte is not
    /// ASCII, for the caller to read the bytes as text instead.
    static func asciiLines(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>]? {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = bytes.startIndex
        for index in bytes.indices where isLineEnd(bytes[index]) {
            if index > lineStart { lines.append(bytes[lineStart..<index]) }
            lineStart = index + 1
        }
        if bytes.endIndex > lineStart { lines.append(bytes[lineStart..<bytes.endIndex]) }
        return lines
    }

    /// The text's non-empty lines as `split(whereSeparator: \.isNewline)` gives them, found by
    /// bytes when the text is ASCII: a Character split runs grapheme breaking over the whole body.
    static func lines(of text: String) -> [Substring] {
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return text.split(whereSeparator: \.isNewline) }
        var lines: [Substring] = []
        var start = utf8.startIndex
        var index = start
        while index < utf8.endIndex {
            if isLineEnd(utf8[index]) {
                if index > start { lines.append(text[start..<index]) }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if utf8.endIndex > start { lines.append(text[start..<utf8.endIndex]) }
        return lines
    }

    /// The ASCII bytes `Character.isNewline` ends a line at: LF, CR, VT, FF (CR LF is one end).
    static func isLineEnd(_ byte: UInt8) -> Bool {
        byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }

    /// Whether `line` starts with `prefix` (lower-case ASCII), ignoring ASCII case.
    static func hasPrefix(_ line: ArraySlice<UInt8>, caseInsensitive prefix: [UInt8]) -> Bool {
        line.count >= prefix.count && zip(line, prefix).allSatisfy { lowered($0) == $1 }
    }
}
