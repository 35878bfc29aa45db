import CamAuditModel

/// Hikvision's SDK port (TCP 8000): the first bytes of its answer, as hex, for the fingerprints.
/// Intercoms and some recorders also answer ISAPI over this port (HTTP, or bare XML when only
/// the body was kept): that is read as the web answer it is.
public enum HikSDKDissector {
    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        guard bytes.count >= 4 else { throw DissectError("TCP/8000 answer shorter than 4 bytes") }
        let start = bytes.drop { Bytes.isASCIISpace($0) }
        if start.starts(with: Array("HTTP/".utf8)) || start.starts(with: Array("<?xml".utf8)) || start.starts(with: Array("<".utf8)) && start.dropFirst().first.map({ $0 >= 0x41 && $0 <= 0x7A }) == true {
            return try HTTPDissector.observations(Array(start), source: source)
        }
        return [Observation(field: ObservationField.hikSDKReply, value: Bytes.hex(bytes.prefix(32)), source: source)]
    }
}
