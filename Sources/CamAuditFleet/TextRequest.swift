/// An HTTP or RTSP request as a client sent it: request line, headers, body by Content-Length.
struct TextRequest {
    var method: String
    var target: String
    var headers: [[String]]
    var body: [UInt8]
    /// Bytes the request took from the buffer.
    var length: Int

    /// Largest header block and body the fleet reads; a bigger request closes the connection.
    static let maxHeaderBytes = 64 * 1024
    static let maxBodyBytes = 256 * 1024

    enum ParseResult {
        case complete(TextRequest)
        case needMore
        case invalid
    }

    static func parse(_ buffer: [UInt8]) -> ParseResult {
        guard let end = Personalisation.firstIndex(of: [13, 10, 13, 10], in: buffer) else {
            return buffer.count > maxHeaderBytes ? .invalid : .needMore
        }
        guard end <= maxHeaderBytes else { return .invalid }
        let head = String(decoding: buffer[..<end], as: UTF8.self)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard requestLine.count >= 2 else { return .invalid }
        var headers: [[String]] = []
        var contentLength = 0
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon])
            let value = String(line[line.index(after: colon)...].drop(while: { $0 == " " || $0 == "\t" }))
            headers.append([name, value])
            if name.lowercased() == "content-length" { contentLength = Int(value.trimmingSpaces) ?? 0 }
        }
        guard contentLength >= 0, contentLength <= maxBodyBytes else { return .invalid }
        let total = end + 4 + contentLength
        guard buffer.count >= total else { return .needMore }
        return .complete(TextRequest(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers,
                                     body: Array(buffer[(end + 4)..<total]), length: total))
    }

    func header(_ name: String) -> String? {
        headers.first { $0[0].lowercased() == name.lowercased() }?[1]
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
