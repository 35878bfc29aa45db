import Foundation

/// Makes a recorded answer this device's own: a real device reports its own MAC and address,
/// so the copies of one record across the district must not all claim the recorded unit's.
/// Only the MAC and IPv4 fields are rewritten; everything else stays byte for byte.
enum Personalisation {
    /// Rewrites every `xx:xx:xx:xx:xx:xx` or `xx-xx-…` MAC (keeping separator and case) and every
    /// 12-hex-digit `"mac":"…"` JSON value to `mac`.
    static func replacingMACs(in text: String, with mac: String) -> String {
        let hexDigits = Array(mac.filter { $0 != ":" })
        var characters = Array(text)
        var index = 0
        while index + 17 <= characters.count {
            if let separator = macSeparator(characters, at: index) {
                let upper = characters[index..<index + 17].contains { $0.isUppercase }
                var digit = 0
                for offset in 0..<17 where (offset + 1) % 3 != 0 {
                    let character = hexDigits[digit]
                    characters[index + offset] = upper ? Character(character.uppercased()) : character
                    digit += 1
                }
                for offset in stride(from: 2, to: 17, by: 3) { characters[index + offset] = separator }
                index += 17
            } else {
                index += 1
            }
        }
        var result = String(characters)
        // Dahua's RPC2 login challenge writes the MAC as 12 upper-case hex digits.
        let marker = "\"mac\":\""
        if let range = result.range(of: marker) {
            let start = range.upperBound
            let candidate = result[start...].prefix(13)
            if candidate.count == 13, candidate.last == "\"", candidate.dropLast().allSatisfy(\.isHexDigit) {
                let end = result.index(start, offsetBy: 12)
                result.replaceSubrange(start..<end, with: String(hexDigits).uppercased())
            }
        }
        return result
    }

    private static func macSeparator(_ characters: [Character], at index: Int) -> Character? {
        let separator = characters[index + 2]
        guard separator == ":" || separator == "-" else { return nil }
        for offset in 0..<17 {
            let character = characters[index + offset]
            if (offset + 1) % 3 == 0 {
                if character != separator { return nil }
            } else if !character.isHexDigit {
                return nil
            }
        }
        // Not part of a longer run of hex (a UUID or a hash).
        if index > 0, characters[index - 1].isHexDigit { return nil }
        if index + 17 < characters.count, characters[index + 17].isHexDigit { return nil }
        return separator
    }

    /// Replaces the text of every `<element>…</element>` with `value`.
    static func replacingElement(_ element: String, in text: String, with value: String) -> String {
        var result = text
        var searchStart = result.startIndex
        while let open = result.range(of: "<\(element)>", range: searchStart..<result.endIndex),
              let close = result.range(of: "</\(element)>", range: open.upperBound..<result.endIndex) {
            result.replaceSubrange(open.upperBound..<close.lowerBound, with: value)
            searchStart = result.index(open.upperBound, offsetBy: value.count)
        }
        return result
    }

    /// Replaces the value of every `"key":"…"` JSON string member with `value`.
    static func replacingJSONString(_ key: String, in text: String, with value: String) -> String {
        var result = text
        var searchStart = result.startIndex
        let marker = "\"\(key)\":\""
        while let open = result.range(of: marker, range: searchStart..<result.endIndex),
              let close = result.range(of: "\"", range: open.upperBound..<result.endIndex) {
            result.replaceSubrange(open.upperBound..<close.lowerBound, with: value)
            searchStart = result.index(open.upperBound, offsetBy: value.count)
        }
        return result
    }

    /// A DHIP datagram with the body's MAC and address made this device's, lengths recomputed.
    static func dhip(_ recorded: [UInt8], mac: String, address: String) -> [UInt8] {
        guard recorded.count > 32 else { return recorded }
        // Latin-1 keeps every byte, including the trailing NUL some units send.
        var body = String(recorded[32...].map { Character(Unicode.Scalar($0)) })
        body = replacingMACs(in: body, with: mac)
        body = replacingJSONString("IPAddress", in: body, with: address)
        let bodyBytes = body.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        var header = Array(recorded[0..<32])
        for offset in [16, 24] {
            for shift in 0..<4 { header[offset + shift] = UInt8(truncatingIfNeeded: bodyBytes.count >> (8 * shift)) }
        }
        return header + bodyBytes
    }

    /// Points an HTTPS redirect (`Location: https://10.0.0.64/…`) at this device.
    static func redirectingLocation(_ response: [UInt8], to address: String) -> [UInt8] {
        var text = String(decoding: response, as: UTF8.self)
        guard let start = text.range(of: "Location: https://") else { return response }
        guard let end = text[start.upperBound...].firstIndex(of: "/") else { return response }
        text.replaceSubrange(start.upperBound..<end, with: address)
        return Array(text.utf8)
    }

    /// Makes a recorded header-only response self-consistent: where the corpus kept the headers
    /// of a response but not its body, Content-Length is set to the body actually sent, so a
    /// client does not wait for bytes that never come.
    static func consistentLength(_ response: [UInt8]) -> [UInt8] {
        guard let split = firstIndex(of: [13, 10, 13, 10], in: response) else { return response }
        let bodyLength = response.count - split - 4
        let head = String(decoding: response[..<split], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        var changed = false
        for index in lines.indices {
            let lower = lines[index].lowercased()
            guard lower.hasPrefix("content-length:") else { continue }
            let name = lines[index].prefix(while: { $0 != ":" })
            let declared = Int(lines[index].dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces))
            if declared != bodyLength {
                lines[index] = "\(name): \(bodyLength)"
                changed = true
            }
        }
        guard changed else { return response }
        return Array(lines.joined(separator: "\r\n").utf8) + Array(response[split...])
    }

    static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if Array(haystack[index..<index + needle.count]) == needle { return index }
        }
        return nil
    }
}
