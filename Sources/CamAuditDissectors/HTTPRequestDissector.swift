import CamAuditModel

/// The head of an HTTP request a host sends as a client: its User-Agent. Seen passively, it
/// is what a device's own firmware says about itself when it calls its cloud or update server.
public enum HTTPRequestDissector {
    /// Methods a request head can start with; anything else is not a request head.
    public static let methods: [[UInt8]] = ["GET ", "POST ", "HEAD ", "PUT ", "OPTIONS ", "DELETE "].map { Array($0.utf8) }

    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        guard methods.contains(where: { bytes.starts(with: $0) }) else { throw DissectError("not an HTTP request head") }
        let head = bytes.prefix(4096)
        guard let range = Bytes.firstRange(ofCaseInsensitive: Array("\r\nuser-agent:".utf8), in: head) else { return [] }
        let value = Bytes.trimmed(Bytes.text(head[range.upperBound...].prefix { $0 != 0x0D && $0 != 0x0A }.prefix(256)))
        guard !value.isEmpty else { return [] }
        return [Observation(field: ObservationField.httpUserAgent, value: value, source: source)]
    }
}
