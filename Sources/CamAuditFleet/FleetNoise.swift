/// Deterministic filler for the awkward hosts: random-looking bytes and oversized headers.
enum FleetNoise {
    static func bytes(seed: UInt64, count: Int) -> [UInt8] {
        var state = seed | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    /// A 200 whose header block is about `headerBytes` long (many `X-Filler` lines), then "ok".
    static func hugeHeaderResponse(headerBytes: Int) -> [UInt8] {
        var response = Array("HTTP/1.1 200 OK\r\n".utf8)
        let line = Array("X-Filler: \(String(repeating: "a", count: 1000))\r\n".utf8)
        while response.count + line.count < headerBytes { response += line }
        response += Array("Content-Length: 2\r\nConnection: close\r\n\r\nok".utf8)
        return response
    }
}
