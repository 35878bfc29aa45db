import CamAuditModel

/// The head of an HTTP request a host sends as a client: its User-Agent, the request target
/// and the Host. Seen passively, it is what a device's own firmware says about itself when it
/// calls its cloud or update server (a Dahua-platform camera registering with its P2P service
/// puts its firmware line, private port and P2P server in the query).
public enum HTTPRequestDissector {
    /// Methods a request head can start with; anything else is not a request head.
    public static let methods: [[UInt8]] = ["GET ", "POST ", "HEAD ", "PUT ", "OPTIONS ", "DELETE "].map { Array($0.utf8) }
    static let maximumTargetBytes = 1024

    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        guard let method = methods.first(where: { bytes.starts(with: $0) }) else { throw DissectError("not an HTTP request head") }
        let head = bytes.prefix(4096)
        var out: [Observation] = []
        let personal = isPersonal(head)
        let line = head[method.count...].prefix { $0 != 0x0D && $0 != 0x0A && $0 != 0x20 }
        if line.first == UInt8(ascii: "/"), line.count <= maximumTargetBytes, !personal {
            out.append(Observation(field: ObservationField.httpRequestTarget, value: maskedTarget(Bytes.text(line)), source: source))
        }
        let headers = personal ? [("\r\nuser-agent:", ObservationField.httpUserAgent)]
            : [("\r\nuser-agent:", ObservationField.httpUserAgent), ("\r\nhost:", ObservationField.httpRequestHost)]
        for (name, field) in headers {
            guard let range = Bytes.firstRange(ofCaseInsensitive: Array(name.utf8), in: head) else { continue }
            let value = Bytes.trimmed(Bytes.text(head[range.upperBound...].prefix { $0 != 0x0D && $0 != 0x0A }.prefix(256)))
            if !value.isEmpty { out.append(Observation(field: field, value: value, source: source)) }
        }
        return out
    }

    /// Headers a browser or a signed-in client sends and a camera's firmware calling its cloud
    /// does not: such a request is a person's, and where they went is not the audit's business
    /// (a capture of a school's network carries its pupils' browsing).
    static let personalHeaders: [[UInt8]] = ["\r\ncookie:", "\r\nreferer:", "\r\naccept-language:", "\r\nsec-fetch-", "\r\nauthorization:"].map { Array($0.utf8) }

    static func isPersonal(_ head: ArraySlice<UInt8>) -> Bool {
        personalHeaders.contains { Bytes.firstRange(ofCaseInsensitive: $0, in: head) != nil }
    }

    /// Query parameters whose names suggest a credential or token keep their name only: the
    /// inventory and reports must not carry a password a device sent in a URL.
    static func maskedTarget(_ target: String) -> String {
        guard let question = target.firstIndex(of: "?") else { return target }
        let parameters = target[target.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false).map { parameter -> String in
            guard let equals = parameter.firstIndex(of: "=") else { return String(parameter) }
            let name = parameter[..<equals].lowercased()
            let secret = ["pass", "pwd", "token", "key", "auth", "sign", "secret", "session", "code", "ticket"].contains { name.contains($0) }
            return secret ? String(parameter[...equals]) + "…" : String(parameter)
        }
        return String(target[...question]) + parameters.joined(separator: "&")
    }
}
