import CamAuditModel

/// An HTTP or RTSP response (or request) read leniently: devices send bare LF, upper-case
/// header names, padded values and bodies without headers. Sizes are capped.
public struct HTTPMessage: Sendable {
    public struct Header: Sendable, Equatable {
        /// As sent, case kept (Dahua's `CONTENT-TYPE` is itself a tell).
        public var name: String
        /// The raw value after the colon, leading whitespace kept (Hikvision's RTSP `Date:  Thu`).
        public var rawValue: String
        public var value: String { Bytes.trimmed(rawValue) }
    }

    /// `HTTP/1.1 200 OK`, `RTSP/1.0 401 Unauthorized`, or a request line; nil for a bare body.
    public var startLine: String?
    public var statusCode: Int?
    public var headers: [Header]
    public var body: [UInt8]

    public static let maxHeaders = 128
    public static let maxHeaderBytes = 64 << 10
    public static let maxBodyBytes = 256 << 10

    public func header(_ name: String) -> Header? {
        let key = name.lowercased()
        return headers.first { $0.name.lowercased() == key }
    }

    public func headers(_ name: String) -> [Header] {
        let key = name.lowercased()
        return headers.filter { $0.name.lowercased() == key }
    }

    /// Parses `bytes`. Besides a whole message it accepts what people paste: a `curl -v`
    /// transcript (the `< ` lines are the answer), and header lines without a status line. Any
    /// other payload that does not start with a protocol line is the body.
    public static func parse(_ bytes: [UInt8], protocolPrefixes: [String] = ["HTTP/", "RTSP/"]) throws(DissectError) -> HTTPMessage {
        let bytes = CurlTranscript.response(in: bytes) ?? bytes
        let startsWithProtocol = protocolPrefixes.contains { prefix in
            bytes.starts(with: Array(prefix.utf8))
        } || isRequestLine(bytes)
        guard startsWithProtocol else {
            if HeaderBlock.startsWithHeaders(bytes) {
                return try parseHead(Array("\n".utf8) + bytes, hasStartLine: false)
            }
            return HTTPMessage(startLine: nil, statusCode: nil, headers: [], body: Array(bytes.prefix(maxBodyBytes)))
        }
        return try parseHead(bytes, hasStartLine: true)
    }

    /// Reads the head and body; without a start line, the first (empty) line stands in for it.
    private static func parseHead(_ bytes: [UInt8], hasStartLine: Bool) throws(DissectError) -> HTTPMessage {
        // Find the end of the head: CRLFCRLF or LFLF.
        var headEnd = bytes.count
        var bodyStart = bytes.count
        var index = 0
        let limit = min(bytes.count, maxHeaderBytes + 4)
        while index < limit {
            if bytes[index] == 0x0A {
                if index + 1 < bytes.count && bytes[index + 1] == 0x0A {
                    headEnd = index
                    bodyStart = index + 2
                    break
                }
                if index + 2 < bytes.count && bytes[index + 1] == 0x0D && bytes[index + 2] == 0x0A {
                    headEnd = index
                    bodyStart = index + 3
                    break
                }
            }
            index += 1
        }
        if headEnd == bytes.count && bytes.count > maxHeaderBytes {
            throw DissectError("header section is over \(maxHeaderBytes) bytes without an end")
        }
        let firstLine: String
        let headers: [Header]
        if let ascii = try asciiHead(bytes[0..<headEnd]) {
            (firstLine, headers) = ascii
        } else {
            (firstLine, headers) = try textHead(Bytes.text(bytes[0..<headEnd]))
        }
        let startLine: String? = hasStartLine ? firstLine : nil
        var statusCode: Int?
        let parts = (startLine ?? "").split(separator: " ", maxSplits: 2)
        if parts.count >= 2, parts[0].hasPrefix("HTTP/") || parts[0].hasPrefix("RTSP/") {
            statusCode = Int(parts[1])
        }
        let body = bodyStart < bytes.count ? Array(bytes[bodyStart..<min(bytes.count, bodyStart + maxBodyBytes)]) : []
        return HTTPMessage(startLine: startLine, statusCode: statusCode, headers: headers, body: body)
    }

    /// The start line and headers of a head that is all ASCII, as `textHead` would read them,
    /// without building the head as one string first: nearly every device's head is ASCII.
    /// Nil for any other head.
    static func asciiHead(_ head: ArraySlice<UInt8>) throws(DissectError) -> (String, [Header])? {
        guard head.allSatisfy({ $0 < 0x80 }) else { return nil }
        var firstLine: String?
        var headers: [Header] = []
        var lineStart = head.startIndex
        var index = head.startIndex
        while true {
            let atEnd = index == head.endIndex
            let byte: UInt8 = atEnd ? 0 : head[index]
            guard atEnd || Bytes.isLineEnd(byte) else {
                index += 1
                continue
            }
            let line = head[lineStart..<index]
            if firstLine == nil {
                firstLine = String(decoding: line, as: UTF8.self)
            } else if let first = line.first {
                if first == 0x20 || first == 0x09, !headers.isEmpty {
                    // Obsolete line folding: continue the previous value.
                    headers[headers.count - 1].rawValue += " " + Bytes.trimmed(String(decoding: line, as: UTF8.self))
                } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                    guard headers.count < maxHeaders else {
                        throw DissectError("more than \(maxHeaders) header lines")
                    }
                    headers.append(Header(
                        name: String(decoding: line[..<colon], as: UTF8.self),
                        rawValue: String(decoding: line[(colon + 1)...], as: UTF8.self)))
                }
            }
            if atEnd { break }
            index += byte == 0x0D && index + 1 < head.endIndex && head[index + 1] == 0x0A ? 2 : 1
            lineStart = index
        }
        return (firstLine ?? "", headers)
    }

    /// The start line and headers of any head, read as text.
    static func textHead(_ head: String) throws(DissectError) -> (String, [Header]) {
        // Split on Characters: in Swift "\r\n" is one Character, so split by Character test.
        var lines = head.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let firstLine = String(lines.removeFirst())
        var headers: [Header] = []
        for line in lines {
            if line.isEmpty { continue }
            if (line.first == " " || line.first == "\t"), !headers.isEmpty {
                // Obsolete line folding: continue the previous value.
                headers[headers.count - 1].rawValue += " " + Bytes.trimmed(line)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            guard headers.count < maxHeaders else {
                throw DissectError("more than \(maxHeaders) header lines")
            }
            headers.append(Header(name: String(line[..<colon]), rawValue: String(line[line.index(after: colon)...])))
        }
        return (firstLine, headers)
    }

    private static func isRequestLine(_ bytes: [UInt8]) -> Bool {
        for method in ["GET ", "POST ", "HEAD ", "NOTIFY ", "M-SEARCH ", "OPTIONS ", "DESCRIBE ", "PUT "] where bytes.starts(with: Array(method.utf8)) {
            return true
        }
        return false
    }
}

/// Pieces of a WWW-Authenticate challenge.
enum AuthChallenge {
    /// Newer Hikvision and EZVIZ firmware (and Uniview's) use the device's own MAC, twelve hex
    /// digits, as the realm: the address then names its maker through the registry like any
    /// other MAC, which tells these lookalike realms apart.
    static func macRealm(_ realm: String) -> String? {
        guard realm.utf8.count == 12, realm.allSatisfy(\.isHexDigit), let mac = MACText.normalized(realm) else { return nil }
        // A group or all-zero address is no device's own.
        guard let first = UInt8(mac.prefix(2), radix: 16), first & 1 == 0, mac != "00:00:00:00:00:00" else { return nil }
        return mac
    }

    /// The realm of a challenge, unquoted: `Digest qop="auth", realm="IP Camera(C2183)"` → `IP Camera(C2183)`.
    static func realm(_ value: String) -> String? {
        guard let range = value.range(of: "realm=", options: .caseInsensitive) else { return nil }
        let rest = value[range.upperBound...]
        if rest.first == "\"" {
            let inner = rest.dropFirst()
            return String(inner.prefix { $0 != "\"" })
        }
        return String(rest.prefix { $0 != "," && $0 != " " })
    }
}

extension String {
    enum CompareOption { case caseInsensitive }

    func range(of needle: String, options: CompareOption) -> Range<String.Index>? {
        let haystack = lowercased()
        let lowered = needle.lowercased()
        // Lowercasing ASCII keeps offsets; for non-ASCII fall back to no match rather than misindex.
        guard haystack.utf8.count == utf8.count else { return nil }
        var index = haystack.startIndex
        while index < haystack.endIndex {
            if haystack[index...].hasPrefix(lowered) {
                let start = String.Index(utf16Offset: index.utf16Offset(in: haystack), in: self)
                let end = self.index(start, offsetBy: needle.count)
                return start..<end
            }
            index = haystack.index(after: index)
        }
        return nil
    }
}
