import CamAuditModel
import CamAuditXML

/// HTTP responses: headers, realm, title, redirect and body, and, by content, the vendor bodies
/// that ride on HTTP (ISAPI DeviceInfo XML, Dahua CGI key=value, Dahua RPC2 login challenge).
/// Sniffing the body instead of trusting the URL lets passive capture use the same code.
public enum HTTPDissector {
    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        let message = try HTTPMessage.parse(bytes)
        var out: [Observation] = []
        func add(_ field: String, _ value: String) {
            out.append(Observation(field: field, value: value, source: source))
        }
        if let status = message.statusCode { add(ObservationField.httpStatus, String(status)) }
        if message.startLine != nil || !message.headers.isEmpty {
            add(ObservationField.httpHeaderNames, message.headers.map(\.name).joined(separator: ","))
        }
        for header in message.headers {
            switch header.name.lowercased() {
            case "server": add(ObservationField.httpServer, header.value)
            case "www-authenticate":
                add(ObservationField.httpWWWAuthenticate, header.value)
                if let realm = AuthChallenge.realm(header.value) {
                    add(ObservationField.httpRealm, realm)
                    if let mac = AuthChallenge.macRealm(realm) { add(ObservationField.macAddress, mac) }
                }
            case "location": add(ObservationField.httpLocation, header.value)
            case "content-type": add(ObservationField.httpContentType, header.value)
            case "set-cookie": add(ObservationField.httpSetCookie, header.value)
            default: break
            }
        }
        out += bodyObservations(message.body, source: source)
        return out
    }

    /// A `WWW-Authenticate` value on its own (`Digest realm="…", nonce=…`), with or without its
    /// header name, or only the realm: what scan exports and forum posts often keep.
    public static func authenticateObservations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        var text = Bytes.trimmed(Bytes.text(bytes.prefix(8192)).split(whereSeparator: \.isNewline).first.map(String.init) ?? "")
        if text.lowercased().hasPrefix("www-authenticate:") { text = Bytes.trimmed(text.dropFirst(17)) }
        guard !text.isEmpty else { throw DissectError("empty WWW-Authenticate value") }
        let scheme = text.split(separator: " ", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        if let realm = AuthChallenge.realm(text) {
            var out = [Observation(field: ObservationField.httpWWWAuthenticate, value: text, source: source),
                       Observation(field: ObservationField.httpRealm, value: realm, source: source)]
            if let mac = AuthChallenge.macRealm(realm) { out.append(Observation(field: ObservationField.macAddress, value: mac, source: source)) }
            return out
        }
        if ["basic", "digest", "negotiate", "ntlm", "bearer"].contains(scheme) {
            return [Observation(field: ObservationField.httpWWWAuthenticate, value: text, source: source)]
        }
        // Only the realm: unquote it.
        var realm = Substring(text)
        if realm.hasPrefix("\""), realm.hasSuffix("\""), realm.count >= 2 { realm = realm.dropFirst().dropLast() }
        var out = [Observation(field: ObservationField.httpRealm, value: String(realm), source: source)]
        if let mac = AuthChallenge.macRealm(String(realm)) { out.append(Observation(field: ObservationField.macAddress, value: mac, source: source)) }
        return out
    }

    /// A response body alone (ISAPI XML, a login page, a magicBox `key=value` answer).
    public static func bodyOnlyObservations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        let body = Array(bytes.prefix(HTTPMessage.maxBodyBytes))
        guard !body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { throw DissectError("empty HTTP body") }
        return bodyObservations(body, source: source)
    }

    static func bodyObservations(_ body: [UInt8], source: EvidenceSource, inPart: Bool = false) -> [Observation] {
        guard !body.isEmpty else { return [] }
        // An event stream: each part is a body of its own (alert XML, `Code=…` lines).
        if !inPart, let parts = MultipartBody.partBodies(body), !parts.isEmpty {
            return parts.flatMap { bodyObservations(Array($0), source: source, inPart: true) }
        }
        var out: [Observation] = []
        let text = Bytes.text(body)
        out.append(Observation(field: ObservationField.httpBody, value: text, source: source))
        if let title = title(in: body) {
            out.append(Observation(field: ObservationField.httpTitle, value: title, source: source))
        }
        let trimmed = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if trimmed.hasPrefix("<") {
            // HTML pages are not XML documents: parsing them only finds an error, late.
            if !Self.looksLikeHTML(trimmed.prefix(64)) {
                out += xmlBodyObservations(body, source: source)
                // A SOAP answer of the ONVIF device service seen in an HTTP stream (a capture).
                if Bytes.firstRange(ofCaseInsensitive: Array("onvif.org/ver".utf8), in: body.prefix(4096)) != nil,
                   let onvif = try? ONVIFDissector.observations(body, source: source) {
                    out += onvif
                }
            }
        } else if trimmed.hasPrefix("{") {
            out += DahuaRPCDissector.observations(body, source: source)
        } else {
            out += DahuaCGIDissector.observations(text, source: source)
        }
        return out
    }

    /// `<title>` content, whitespace collapsed, at most 256 characters. Searched in the bytes
    /// (ASCII case folded): Foundation's case-insensitive search on the decoded body cost more
    /// than the rest of the HTTP dissection together.
    static func title(in body: [UInt8]) -> String? {
        guard let open = Bytes.firstRange(ofCaseInsensitive: Array("<title".utf8), in: body[...]) else { return nil }
        guard let close = body[open.upperBound...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let content = body[(close + 1)...].prefix(4096)
        let raw = Bytes.firstRange(ofCaseInsensitive: Array("</title".utf8), in: content).map { content[..<$0.lowerBound] } ?? content
        let collapsed = Bytes.text(raw).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return collapsed.isEmpty ? nil : String(collapsed.prefix(256))
    }

    static func looksLikeHTML(_ start: Substring) -> Bool {
        let lowered = start.lowercased()
        return lowered.hasPrefix("<!doctype html") || lowered.hasPrefix("<html") || lowered.hasPrefix("<head") || lowered.hasPrefix("<body")
    }

    /// XML bodies: namespaces (ISAPI's hikvision.com schema is a tell) and ISAPI DeviceInfo fields.
    static func xmlBodyObservations(_ body: [UInt8], source: EvidenceSource) -> [Observation] {
        guard let document = try? XMLDocumentParser(limits: .deviceReply).parse(body) else {
            let salvaged = XMLBodyFacts.lexical(body)
            var out = salvaged.namespaces.map { Observation(field: ObservationField.httpXMLNamespace, value: $0, source: source) }
            if let serial = salvaged.serial { out.append(Observation(field: ObservationField.isapiSerial, value: serial, source: source)) }
            return out
        }
        var out: [Observation] = []
        let root = document.root
        for namespace in XMLBodyFacts.namespaces(in: root) {
            out.append(Observation(field: ObservationField.httpXMLNamespace, value: namespace, source: source))
        }
        if root.localName != "DeviceInfo", let serial = XMLBodyFacts.serial(in: root) {
            out.append(Observation(field: ObservationField.isapiSerial, value: serial, source: source))
        }
        if root.localName == "DeviceInfo" {
            for declaration in root.namespaceDeclarations {
                out.append(Observation(field: ObservationField.isapiNamespace, value: declaration.value, source: source))
            }
            let fields: [(String, String)] = [
                ("model", ObservationField.isapiModel), ("serialNumber", ObservationField.isapiSerial),
                ("firmwareVersion", ObservationField.isapiFirmware), ("deviceType", ObservationField.isapiDeviceType),
                ("manufacturer", ObservationField.isapiManufacturer), ("macAddress", ObservationField.isapiMAC),
                ("systemContact", ObservationField.isapiSystemContact),
            ]
            for (name, field) in fields {
                guard let value = root.child(named: name).map({ Bytes.trimmed($0.text) }), !value.isEmpty else { continue }
                if name == "firmwareVersion", let date = root.child(named: "firmwareReleasedDate").map({ Bytes.trimmed($0.text) }), !date.isEmpty {
                    out.append(Observation(field: field, value: "\(value) \(date)", source: source))
                } else {
                    out.append(Observation(field: field, value: value, source: source))
                }
            }
            if let mac = root.child(named: "macAddress").map({ Bytes.trimmed($0.text) }), !mac.isEmpty {
                out.append(Observation(field: ObservationField.macAddress, value: mac, source: source))
            }
        }
        // An alert stream's event names the MAC of the device that raised it.
        if root.localName == "EventNotificationAlert", let mac = root.child(named: "macAddress").map({ Bytes.trimmed($0.text) }), !mac.isEmpty {
            out.append(Observation(field: ObservationField.macAddress, value: mac, source: source))
        }
        return out
    }
}
