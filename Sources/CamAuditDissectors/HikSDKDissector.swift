import CamAuditModel

/// Hikvision's SDK port (TCP 8000): the first bytes of its answer, as hex, for the fingerprints.
public enum HikSDKDissector {
    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        guard bytes.count >= 4 else { throw DissectError("TCP/8000 answer shorter than 4 bytes") }
        return [Observation(field: ObservationField.hikSDKReply, value: Bytes.hex(bytes.prefix(32)), source: source)]
    }
}
