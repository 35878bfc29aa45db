/// When a request/response answer is whole, so a probe reads exactly one answer and moves on
/// instead of waiting for a time-out.
enum MessageFraming {
    /// HTTP-style (RTSP): the head ends with an empty line; a body follows if Content-Length says so.
    static func isCompleteHTTPStyle(_ bytes: [UInt8]) -> Bool {
        guard let end = headEnd(bytes) else { return false }
        let head = String(decoding: bytes[0..<end], as: UTF8.self).lowercased()
        var length = 0
        for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
            length = Int(line.dropFirst(15).trimmingCharacters(in: " \t")) ?? 0
        }
        return bytes.count - end >= min(max(length, 0), 64 << 10)
    }

    /// Index just past the `\r\n\r\n` that ends the head.
    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 0x0D && bytes[index + 1] == 0x0A && bytes[index + 2] == 0x0D && bytes[index + 3] == 0x0A {
            return index + 4
        }
        return nil
    }

    /// Dahua DVRIP: a 32-byte header whose u32 at offset 4 (little-endian) is the payload length.
    static func isCompleteDVRIP(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 32 else { return false }
        let length = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
        return bytes.count >= 32 + min(length, 4096)
    }

    /// Hikvision SDK port: a message whose big-endian u32 at offset 0 is its total length.
    static func isCompleteHikSDK(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        let length = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        return bytes.count >= min(max(length, 4), 4096)
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> Substring {
        var text = self
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return text
    }
}
