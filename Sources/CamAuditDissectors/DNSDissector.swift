import CamAuditModel

/// DNS and mDNS: the names a device asks for (its makers' clouds are a tell). Accepts a raw
/// DNS message or, for recorded data, the name as text.
public enum DNSDissector {
    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        try names(in: bytes).map { Observation(field: ObservationField.dnsQuery, value: $0, source: source) }
    }

    /// Question names of a DNS message, lowercased, without the trailing dot.
    public static func names(in bytes: [UInt8]) throws(DissectError) -> [String] {
        guard bytes.count >= 12 else { throw DissectError("DNS message shorter than its 12-byte header") }
        let questions = Int(bytes[4]) << 8 | Int(bytes[5])
        var names: [String] = []
        var offset = 12
        for _ in 0..<min(questions, 16) {
            let (name, next) = try readName(bytes, at: offset)
            names.append(name)
            offset = next + 4
            guard offset <= bytes.count else { throw DissectError("DNS question is cut off") }
        }
        return names
    }

    /// Reads a possibly compressed name; pointer loops and over-long names are errors.
    static func readName(_ bytes: [UInt8], at start: Int) throws(DissectError) -> (String, Int) {
        var labels: [String] = []
        var offset = start
        var end: Int?
        var jumps = 0
        var total = 0
        while true {
            guard offset < bytes.count else { throw DissectError("DNS name runs past the end") }
            let length = Int(bytes[offset])
            if length == 0 {
                if end == nil { end = offset + 1 }
                break
            }
            if length & 0xC0 == 0xC0 {
                guard offset + 1 < bytes.count else { throw DissectError("DNS pointer is cut off") }
                jumps += 1
                guard jumps <= 16 else { throw DissectError("DNS name pointers loop") }
                if end == nil { end = offset + 2 }
                offset = (length & 0x3F) << 8 | Int(bytes[offset + 1])
                continue
            }
            guard length <= 63, offset + 1 + length <= bytes.count else { throw DissectError("DNS label is malformed") }
            total += length + 1
            guard total <= 255 else { throw DissectError("DNS name is longer than 255 bytes") }
            labels.append(Bytes.text(bytes[(offset + 1)..<(offset + 1 + length)]).lowercased())
            offset += 1 + length
        }
        return (labels.joined(separator: "."), end ?? offset)
    }
}
