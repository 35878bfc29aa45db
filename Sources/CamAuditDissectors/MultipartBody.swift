/// The parts of a multipart HTTP body: Hikvision's ISAPI alert stream (`multipart/mixed;
/// boundary=boundary`, an `EventNotificationAlert` per part) and Dahua's event stream
/// (`multipart/x-mixed-replace; boundary=myboundary`, `Code=…;action=…` per part) are what a
/// capture of an NVR or a VMS polling its cameras carries, and how integrations log them.
/// Each part's body is dissected like a response body; the whole stream says nothing more.
enum MultipartBody {
    /// Parts read from one body, beyond which the rest is ignored: a stream repeats itself.
    static let maximumParts = 16
    static let maximumBoundaryBytes = 70

    /// The bodies of the parts, or nil when the body does not open with a boundary line.
    /// Tolerates what published copies do to a stream: LF line ends, a cut last part, and
    /// line breaks flattened to spaces (the part's body then starts at its first `<` or `{`).
    static func partBodies(_ body: [UInt8]) -> [ArraySlice<UInt8>]? {
        guard let start = body.firstIndex(where: { !Bytes.isASCIISpace($0) }),
              body.count - start > 2, body[start] == UInt8(ascii: "-"), body[start + 1] == UInt8(ascii: "-") else { return nil }
        // The boundary runs to the end of the line (or, flattened, to the first space).
        var end = start + 2
        while end < body.count, !Bytes.isASCIISpace(body[end]), end - start - 2 < maximumBoundaryBytes { end += 1 }
        guard end - start - 2 >= 1, end < body.count, Bytes.isASCIISpace(body[end]) else { return nil }
        let delimiter = Array(body[start..<end])
        var parts: [ArraySlice<UInt8>] = []
        var cursor = end
        while parts.count < maximumParts, cursor < body.count {
            let next = Bytes.firstRange(of: delimiter, in: body[cursor...])
            let part = body[cursor..<(next?.lowerBound ?? body.count)]
            if let content = contentOf(part) { parts.append(content) }
            guard let next else { break }
            // `--boundary--` closes the stream.
            if next.upperBound + 1 < body.count, body[next.upperBound] == UInt8(ascii: "-"), body[next.upperBound + 1] == UInt8(ascii: "-") { break }
            cursor = next.upperBound
        }
        return parts
    }

    /// A part's body: after its header lines and the blank line; when the lines were flattened,
    /// from its first `<` or `{`. Nil for an empty part or one that carries an image.
    private static func contentOf(_ part: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var index = part.startIndex
        // The rest of the delimiter line.
        while index < part.endIndex, part[index] == 0x20 || part[index] == 0x09 { index += 1 }
        if index < part.endIndex, part[index] == 0x0D { index += 1 }
        if index < part.endIndex, part[index] == 0x0A { index += 1 }
        var contentType = ""
        // Header lines up to a blank line.
        while index < part.endIndex {
            let lineEnd = part[index...].firstIndex(of: 0x0A) ?? part.endIndex
            var line = part[index..<lineEnd]
            if line.last == 0x0D { line = line.dropLast() }
            if line.isEmpty {
                index = min(part.endIndex, lineEnd + 1)
                break
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                  line[line.startIndex..<colon].allSatisfy({ isTokenByte($0) }) else { break }
            if lineEnd == part.endIndex {
                // No line end before the part's end: flattened, or cut inside its headers.
                guard let open = line.firstIndex(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "{") }) else { return nil }
                return part[open...]
            }
            if Bytes.text(line[line.startIndex..<colon]).lowercased() == "content-type" {
                contentType = Bytes.trimmed(Bytes.text(line[(colon + 1)...])).lowercased()
            }
            index = lineEnd + 1
        }
        guard !["image/", "video/", "audio/", "application/octet-stream"].contains(where: { contentType.hasPrefix($0) }) else { return nil }
        var content = part[index...]
        while let last = content.last, Bytes.isASCIISpace(last) { content = content.dropLast() }
        return content.isEmpty ? nil : content
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}
