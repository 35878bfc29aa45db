/// What makes two exchanges of one sender the same for the repeat filter. Devices answer every
/// poll of a recorder or a monitoring system again, and each answer carries a fresh DNS
/// transaction ID, `Date`, RTSP `CSeq` and `Session`, or digest `nonce`: hashed whole, no
/// repeat would ever be recognised and every answer would be dissected again (and its new
/// `Date` kept as one more observation). Those parts are left out of the key; everything
/// else, the body included, is in it.
enum RepeatKey {
    /// Header lines whose value changes with every answer.
    static let volatileHeaders: [[UInt8]] = ["date:", "cseq:", "session:", "expires:", "x-request-id:"].map { Array($0.utf8) }
    /// Challenge parameters that change with every answer.
    static let volatileParameters: [[UInt8]] = ["nonce=", "opaque="].map { Array($0.utf8) }
    /// By byte value: true for the first letter of a volatile parameter, in either case.
    private static let startsVolatileParameter: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for parameter in volatileParameters {
            guard let first = parameter.first else { continue }
            table[Int(first)] = true
            if first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") { table[Int(first - 0x20)] = true }
        }
        return table
    }()

    static func combine(protocolName: String, _ payload: [UInt8], into hasher: inout Hasher) {
        switch protocolName {
        case "dns":
            // The transaction ID is the first two bytes.
            payload.dropFirst(2).withUnsafeBytes { hasher.combine(bytes: $0) }
        case "http", "rtsp":
            combineHead(payload, into: &hasher)
        default:
            payload.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    /// The head line by line without the volatile headers and parameters, then the body.
    private static func combineHead(_ payload: [UInt8], into hasher: inout Hasher) {
        var start = 0
        while start < payload.count {
            var end = start
            while end < payload.count, payload[end] != 0x0A { end += 1 }
            let line = payload[start..<end]
            let isBlank = line.isEmpty || (line.count == 1 && line.first == 0x0D)
            if isBlank {
                // The body follows, whole.
                payload[start...].withUnsafeBytes { hasher.combine(bytes: $0) }
                return
            }
            if !volatileHeaders.contains(where: { startsCaseInsensitive(line, $0) }) {
                combineLine(line, into: &hasher)
            }
            start = end + 1
        }
    }

    /// A header line with the values of `nonce=` and `opaque=` left out.
    private static func combineLine(_ line: ArraySlice<UInt8>, into hasher: inout Hasher) {
        var index = line.startIndex
        var runStart = index
        while index < line.endIndex {
            // Only a parameter's first letter (either case) can start one: most bytes stop here.
            if startsVolatileParameter[Int(line[index])],
               let parameter = volatileParameters.first(where: { startsCaseInsensitive(line[index...], $0) }) {
                line[runStart..<(index + parameter.count)].withUnsafeBytes { hasher.combine(bytes: $0) }
                // Skip the value: quoted up to the closing quote, else up to a comma.
                var cursor = index + parameter.count
                if cursor < line.endIndex, line[cursor] == UInt8(ascii: "\"") {
                    cursor += 1
                    while cursor < line.endIndex, line[cursor] != UInt8(ascii: "\"") { cursor += 1 }
                    if cursor < line.endIndex { cursor += 1 }
                } else {
                    while cursor < line.endIndex, line[cursor] != UInt8(ascii: ",") { cursor += 1 }
                }
                index = cursor
                runStart = cursor
            } else {
                index += 1
            }
        }
        line[runStart..<line.endIndex].withUnsafeBytes { hasher.combine(bytes: $0) }
        hasher.combine(0x0A as UInt8)
    }

    private static func startsCaseInsensitive(_ bytes: ArraySlice<UInt8>, _ prefix: [UInt8]) -> Bool {
        guard bytes.count >= prefix.count else { return false }
        var index = bytes.startIndex
        for expected in prefix {
            var byte = bytes[index]
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte += 0x20 }
            if byte != expected { return false }
            index += 1
        }
        return true
    }
}
