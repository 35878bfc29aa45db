import Foundation

/// Turns a recorded HTTP or RTSP answer, in whatever form its record has it, into a whole
/// message a client can read, and says what was added. A full message is left as recorded
/// (a truncated body included: the client reads what there is when the connection closes).
enum ReplayMessage {
    /// `scheme` is `HTTP/1.1` or `RTSP/1.0`; `cseq` adds the header RTSP clients need.
    static func whole(_ record: ReplayRecord, scheme: String) -> (bytes: [UInt8], adapted: String?) {
        var text = record.text
        var adaptations: [String] = []
        if !text.contains("\r\n") && text.contains("\n") {
            text = text.replacingOccurrences(of: "\n", with: "\r\n")
            adaptations.append("CRLF line ends")
        }
        let prefix = String(scheme.prefix(5))
        if text.hasPrefix(prefix) {
            if !text.contains("\r\n\r\n") {
                text = text.hasSuffix("\r\n") ? text + "\r\n" : text + "\r\n\r\n"
                adaptations.append("the header block closed")
            }
        } else if looksLikeHeaders(text) {
            let status = text.lowercased().contains("www-authenticate:") ? "401 Unauthorized" : "200 OK"
            text = "\(scheme) \(status)\r\n" + text
            if !text.contains("\r\n\r\n") { text += text.hasSuffix("\r\n") ? "\r\n" : "\r\n\r\n" }
            adaptations.append("bare headers given a status line")
        } else if scheme.hasPrefix("RTSP") {
            // An SDP alone is a DESCRIBE answer's body.
            let head = "\(scheme) 200 OK\r\nCSeq: 1\r\nContent-Type: application/sdp\r\nContent-Length: \(record.bytes.count)\r\n\r\n"
            return (Array(head.utf8) + record.bytes, "an SDP body wrapped in a 200")
        } else {
            return (body(record.bytes, scheme: scheme), "a bare body wrapped in a 200")
        }
        return (Array(text.utf8), adaptations.isEmpty ? nil : adaptations.joined(separator: ", "))
    }

    /// A 401 carrying a recorded challenge; a realm given alone becomes `Digest realm="…"`.
    static func challenge(_ record: ReplayRecord, scheme: String) -> (bytes: [UInt8], adapted: String) {
        let value = record.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = value.lowercased()
        let isChallenge = lower.hasPrefix("digest ") || lower.hasPrefix("basic ")
        // A realm alone comes bare (`Login to X`) or as the parameter (`realm="Login to X"`).
        let header = isChallenge ? value : lower.hasPrefix("realm=") ? "Digest \(value)" : "Digest realm=\"\(value)\""
        let extra = scheme.hasPrefix("RTSP") ? "CSeq: 1\r\n" : "Content-Length: 0\r\nConnection: close\r\n"
        let adapted = isChallenge ? "the challenge in a 401" : "the realm alone as Digest realm=\"…\" in a 401"
        return (Array("\(scheme) 401 Unauthorized\r\n\(extra)WWW-Authenticate: \(header)\r\n\r\n".utf8), adapted)
    }

    static func body(_ bytes: [UInt8], scheme: String, contentType: String? = nil) -> [UInt8] {
        let type = contentType.map { "Content-Type: \($0)\r\n" } ?? ""
        return Array("\(scheme) 200 OK\r\n\(type)Content-Length: \(bytes.count)\r\nConnection: close\r\n\r\n".utf8) + bytes
    }

    /// A first line of the form `Name: value`: a header block without its status line.
    static func looksLikeHeaders(_ text: String) -> Bool {
        guard let first = text.split(separator: "\r\n", maxSplits: 1).first ?? text.split(separator: "\n", maxSplits: 1).first,
              let colon = first.firstIndex(of: ":") else { return false }
        let name = first[..<colon]
        return !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } && first[colon...].hasPrefix(": ")
    }
}
