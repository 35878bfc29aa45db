import CamAuditModel

/// RTSP answers: Server, realm, Public list, the Date header as sent, header order and the SDP
/// session lines of a DESCRIBE answer.
public enum RTSPDissector {
    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        guard bytes.starts(with: Array("RTSP/".utf8)) else {
            throw DissectError("not an RTSP response (does not start with RTSP/)")
        }
        let message = try HTTPMessage.parse(bytes)
        var out: [Observation] = []
        func add(_ field: String, _ value: String) {
            out.append(Observation(field: field, value: value, source: source))
        }
        add(ObservationField.rtspHeaderNames, message.headers.map(\.name).joined(separator: ","))
        for header in message.headers {
            switch header.name.lowercased() {
            case "server": add(ObservationField.rtspServer, header.value)
            case "www-authenticate":
                add(ObservationField.rtspWWWAuthenticate, header.value)
                if let realm = AuthChallenge.realm(header.value) { add(ObservationField.rtspRealm, realm) }
            case "public": add(ObservationField.rtspPublic, header.value)
            case "date": add(ObservationField.rtspDate, String(header.rawValue.prefix(128)))
            case "content-base": add(ObservationField.rtspContentBase, header.value)
            default: break
            }
        }
        if !message.body.isEmpty {
            // The session name and the attribute lines are what vendors leave their mark in.
            let sdp = Bytes.text(message.body)
            let lines = sdp.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("s=") || $0.hasPrefix("a=") }
            if !lines.isEmpty { add(ObservationField.rtspSDP, lines.prefix(64).joined(separator: "\n")) }
        }
        return out
    }
}
