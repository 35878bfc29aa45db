import CamAuditModel

/// RTSP answers: Server, realm, Public list, the Date header as sent, header order and the SDP
/// session lines of a DESCRIBE answer.
public enum RTSPDissector {
    /// Answers read from one server stream: a capture keeps the first 16 KiB of it, which
    /// holds OPTIONS, DESCRIBE (the 401 with its realm) and SETUP answers one after another.
    static let maxMessages = 8

    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        let messages = split(bytes)
        var out = try single(messages[0], source: source)
        var seen = Set(out.map { $0.field + "\u{0}" + $0.value })
        for message in messages.dropFirst() {
            guard let more = try? single(message, source: source) else { continue }
            for observation in more where seen.insert(observation.field + "\u{0}" + observation.value).inserted {
                out.append(observation)
            }
        }
        return out
    }

    /// Successive answers of a stream, cut by their Content-Length; a payload that is not a
    /// run of RTSP answers is one message.
    static func split(_ bytes: [UInt8]) -> [[UInt8]] {
        let prefix = Array("RTSP/".utf8)
        var messages: [[UInt8]] = []
        var start = 0
        while start < bytes.count, messages.count < maxMessages, bytes[start...].starts(with: prefix) {
            guard let bodyStart = headEnd(bytes, from: start) else { break }
            let length = contentLength(bytes[start..<bodyStart])
            // Without a length (devices omit it), a body runs to the next answer's status line.
            let end = length.map { min(bytes.count, bodyStart + $0) } ?? nextStatusLine(bytes, after: bodyStart)
            messages.append(Array(bytes[start..<end]))
            start = end
        }
        if start < bytes.count, messages.count < maxMessages, bytes[start...].starts(with: prefix) {
            messages.append(Array(bytes[start...]))  // a last answer cut off by the stream cap
        }
        return messages.isEmpty ? [bytes] : messages
    }

    /// The last Content-Length of a head, capped; nil when there is none.
    static func contentLength(_ head: ArraySlice<UInt8>) -> Int? {
        func capped(_ text: Substring) -> Int { max(0, min(Int(Bytes.trimmed(text)) ?? 0, HTTPMessage.maxBodyBytes)) }
        var length: Int?
        guard let lines = Bytes.asciiLines(head) else {
            for line in Bytes.text(head).lowercased().split(whereSeparator: \.isNewline) where line.hasPrefix("content-length:") {
                length = capped(line.dropFirst(15))
            }
            return length
        }
        let name = Array("content-length:".utf8)
        for line in lines where Bytes.hasPrefix(line, caseInsensitive: name) {
            length = capped(Substring(String(decoding: line.dropFirst(name.count), as: UTF8.self)))
        }
        return length
    }

    /// Where the next `RTSP/` status line starts at or after `index`, else the end.
    static func nextStatusLine(_ bytes: [UInt8], after index: Int) -> Int {
        if bytes[index...].starts(with: Array("RTSP/".utf8)) { return index }
        let marker = Array("\nRTSP/".utf8)
        var position = index
        while position + marker.count <= bytes.count {
            if bytes[position] == 0x0A, bytes[position..<(position + marker.count)].elementsEqual(marker) { return position + 1 }
            position += 1
        }
        return bytes.count
    }

    /// The index after the blank line that ends a head starting at `start`.
    static func headEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        let limit = min(bytes.count, start + HTTPMessage.maxHeaderBytes)
        while index + 1 < limit {
            if bytes[index] == 0x0A {
                if bytes[index + 1] == 0x0A { return index + 2 }
                if index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A { return index + 3 }
            }
            index += 1
        }
        return nil
    }

    static func single(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        let message = try HTTPMessage.parse(bytes)
        var out: [Observation] = []
        func add(_ field: String, _ value: String) {
            out.append(Observation(field: field, value: value, source: source))
        }
        // The session name and the attribute lines are what vendors leave their mark in.
        func addSessionLines(_ body: [UInt8]) {
            if let text = sessionText(body) { add(ObservationField.rtspSDP, text) }
        }
        // A whole answer, a curl-style transcript, header lines kept without the status line,
        // or the SDP of a DESCRIBE answer alone (how logs and threads often quote it).
        guard message.startLine?.hasPrefix("RTSP/") == true || (message.startLine == nil && !message.headers.isEmpty) else {
            guard message.startLine == nil, isSessionDescription(message.body) else {
                throw DissectError("not an RTSP response (neither an RTSP/ status line, header lines nor an SDP session description)")
            }
            addSessionLines(message.body)
            return out
        }
        add(ObservationField.rtspHeaderNames, message.headers.map(\.name).joined(separator: ","))
        for header in message.headers {
            switch header.name.lowercased() {
            case "server": add(ObservationField.rtspServer, header.value)
            case "www-authenticate":
                add(ObservationField.rtspWWWAuthenticate, header.value)
                if let realm = AuthChallenge.realm(header.value) {
                    add(ObservationField.rtspRealm, realm)
                    if let mac = AuthChallenge.macRealm(realm) { add(ObservationField.macAddress, mac) }
                }
            case "public": add(ObservationField.rtspPublic, header.value)
            case "date": add(ObservationField.rtspDate, String(header.rawValue.prefix(128)))
            case "content-base": add(ObservationField.rtspContentBase, header.value)
            default: break
            }
        }
        if !message.body.isEmpty { addSessionLines(message.body) }
        return out
    }

    /// The `s=` and `a=` lines of an SDP body.
    static func sessionLines(_ body: [UInt8]) -> [String] {
        guard let lines = Bytes.asciiLines(body[...]) else {
            return Bytes.text(body).split(whereSeparator: \.isNewline)
                .filter { $0.hasPrefix("s=") || $0.hasPrefix("a=") }.map(String.init)
        }
        return lines.filter { ($0.first == UInt8(ascii: "s") || $0.first == UInt8(ascii: "a")) && $0.dropFirst().first == UInt8(ascii: "=") }
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// The first `limit` of `sessionLines`, joined by newlines; nil when there is none. An
    /// ASCII body's lines are copied into one buffer (a string per line and a join per answer
    /// showed in a camera-dense capture's profile).
    static func sessionText(_ body: [UInt8], limit: Int = 64) -> String? {
        guard let lines = Bytes.asciiLines(body[...]) else {
            let lines = sessionLines(body)
            return lines.isEmpty ? nil : lines.prefix(limit).joined(separator: "\n")
        }
        var text: [UInt8] = []
        var count = 0
        for line in lines where (line.first == UInt8(ascii: "s") || line.first == UInt8(ascii: "a")) && line.dropFirst().first == UInt8(ascii: "=") {
            guard count < limit else { break }
            if count > 0 { text.append(0x0A) }
            text += line
            count += 1
        }
        return count == 0 ? nil : String(decoding: text, as: UTF8.self)
    }

    /// Whether a body is an SDP session description: its first lines (up to eight) are all
    /// `x=` lines with a lower-case type letter (RFC 8866, section 5).
    static func isSessionDescription(_ body: [UInt8]) -> Bool {
        let lines = body.prefix(4096).split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }).prefix(8)
        guard !lines.isEmpty else { return false }
        return lines.allSatisfy { line in
            line.count >= 2 && (0x61...0x7A).contains(line[line.startIndex]) && line[line.startIndex + 1] == UInt8(ascii: "=")
        }
    }
}
