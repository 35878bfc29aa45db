import CamAuditModel

/// RTSP answers: Server, realm, Public list, the Date header as sent, header order and the SDP
/// session lines of a DESCRIBE answer.
public enum RTSPDissector {
    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        let message = try HTTPMessage.parse(bytes)
        // A whole answer, a curl-style transcript, or header lines kept without the status line.
        guard message.startLine?.hasPrefix("RTSP/") == true || (message.startLine == nil && !message.headers.isEmpty) else {
            throw DissectError("not an RTSP response (neither an RTSP/ status line nor header lines)")
        }
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
                if let realm = AuthChallenge.realm(header.value) {
                    add(ObservationField.rtspRealm, realm)
                    if let mac = AuthChallenge.macRealm(realm) { add(ObservationField.macAddress, mac) }
                }
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
