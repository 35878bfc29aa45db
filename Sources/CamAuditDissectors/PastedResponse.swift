/// Header lines without a status line: how scan exports, forum posts and other tools often
/// publish an answer. Recognised only when the first line is `Name: value` and the block names
/// at least one header HTTP or RTSP servers send, so a body such as `Error: no such page` stays
/// a body.
enum HeaderBlock {
    static let knownNames: Set<String> = [
        "server", "www-authenticate", "content-type", "content-length", "date", "connection", "location",
        "set-cookie", "cache-control", "pragma", "expires", "last-modified", "etag", "x-frame-options",
        "x-xss-protection", "x-content-type-options", "content-security-policy", "transfer-encoding", "keep-alive",
        "accept-ranges", "access-control-allow-origin", "cseq", "public", "session", "transport", "content-base",
        "rtp-info", "range", "strict-transport-security", "vary", "allow",
    ]

    static func startsWithHeaders(_ bytes: [UInt8]) -> Bool {
        var sawKnown = false
        var lines = 0
        for line in bytes.prefix(8192).split(separator: 0x0A, omittingEmptySubsequences: false) {
            var line = line[...]
            if line.last == 0x0D { line = line.dropLast() }
            if line.isEmpty { break }
            guard let name = headerName(line) else { return false }
            if knownNames.contains(name) { sawKnown = true }
            lines += 1
            if lines >= 64 { break }
        }
        return sawKnown
    }

    /// The lower-cased name of a `Name: value` line; nil when the line is not one.
    static func headerName(_ line: ArraySlice<UInt8>) -> String? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex, colon - line.startIndex <= 64 else { return nil }
        let name = line[line.startIndex..<colon]
        let isToken = name.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
        return isToken ? String(decoding: name, as: UTF8.self).lowercased() : nil
    }
}

/// `curl -v` output pasted as it is: `*` lines are curl's notes, `>` lines the request, `<`
/// lines the answer's head; what follows the head unprefixed is the body.
enum CurlTranscript {
    static func response(in bytes: [UInt8]) -> [UInt8]? {
        guard bytes.starts(with: Array("* ".utf8)) || bytes.starts(with: Array("> ".utf8)) || bytes.starts(with: Array("< ".utf8)) else {
            return nil
        }
        var head: [UInt8] = []
        var body: [UInt8] = []
        var headEnded = false
        var sawAnswer = false
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            var content = line[...]
            if content.last == 0x0D { content = content.dropLast() }
            if !headEnded {
                if content.starts(with: Array("< ".utf8)) {
                    head += content.dropFirst(2) + [0x0D, 0x0A]
                    sawAnswer = true
                } else if sawAnswer, content.elementsEqual(Array("<".utf8)) || content.elementsEqual(Array("< ".utf8)) {
                    headEnded = true
                } else if sawAnswer, !content.starts(with: Array("* ".utf8)), !content.starts(with: Array("{ ".utf8)) {
                    // The body follows a head whose blank line curl did not print.
                    headEnded = true
                    body += content + [0x0A]
                }
            } else if !content.starts(with: Array("* ".utf8)) {
                body += content + [0x0A]
            }
        }
        guard sawAnswer else { return nil }
        return head + [0x0D, 0x0A] + body
    }
}
