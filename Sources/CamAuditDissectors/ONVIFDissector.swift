import CamAuditModel
import CamAuditXML

/// ONVIF WS-Discovery (Hello, ProbeMatches) and device-service SOAP answers.
public enum ONVIFDissector {
    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        // A SOAP answer may arrive with its HTTP head (active probe) or bare (recorded).
        var xmlBytes = bytes
        if bytes.starts(with: Array("HTTP/".utf8)) {
            xmlBytes = try HTTPMessage.parse(bytes).body
        }
        let document: XMLDocument
        do {
            document = try XMLDocumentParser(limits: .deviceReply).parse(xmlBytes)
        } catch {
            // Answers published as pastes often stop part way: what was closed before the cut
            // is still the device's.
            let salvaged = salvage(xmlBytes, source: source)
            guard salvaged.isEmpty else { return salvaged }
            if let reason = loggedFaultReason(xmlBytes) {
                return [Observation(field: ObservationField.onvifFaultReason, value: reason, source: source)]
            }
            throw DissectError("ONVIF answer is not well-formed XML: \(error)")
        }
        var out: [Observation] = []
        func add(_ field: String, _ value: String) {
            let trimmed = Bytes.trimmed(value)
            if !trimmed.isEmpty { out.append(Observation(field: field, value: trimmed, source: source)) }
        }
        // Namespace declarations anywhere in the envelope: hikvision.com topics are a tell.
        func collectNamespaces(_ element: XMLElement, depth: Int) {
            for declaration in element.namespaceDeclarations { add(ObservationField.onvifNamespace, declaration.value) }
            if depth < 4 { for child in element.children { collectNamespaces(child, depth: depth + 1) } }
        }
        collectNamespaces(document.root, depth: 0)

        if let info = document.root.first(named: "GetDeviceInformationResponse") {
            for (name, field) in deviceInformationFields {
                if let value = info.child(named: name)?.text { add(field, value) }
            }
        }
        if let fault = document.root.first(named: "Fault") {
            if let reason = fault.first(named: "Reason")?.child(named: "Text")?.text ?? fault.child(named: "faultstring")?.text {
                add(ObservationField.onvifFaultReason, reason)
            }
            if let subcode = fault.first(named: "Subcode")?.child(named: "Value")?.text { add(ObservationField.onvifFaultSubcode, subcode) }
        }
        for match in matches(in: document.root) {
            if let types = match.child(named: "Types")?.text { add(ObservationField.onvifTypes, types) }
            if let xaddrs = match.child(named: "XAddrs")?.text { add(ObservationField.onvifXAddrs, xaddrs) }
            guard let scopes = match.child(named: "Scopes")?.text else { continue }
            out += scopeObservations(scopes, source: source)
        }
        return out
    }

    /// The Scopes list and what its hardware, name and MAC scopes say.
    private static func scopeObservations(_ scopes: String, source: EvidenceSource) -> [Observation] {
        var out: [Observation] = []
        func add(_ field: String, _ value: String) {
            let trimmed = Bytes.trimmed(value)
            if !trimmed.isEmpty { out.append(Observation(field: field, value: trimmed, source: source)) }
        }
        add(ObservationField.onvifScopes, scopes)
        for scope in scopes.split(whereSeparator: \.isWhitespace).prefix(64) {
            let decoded = percentDecoded(String(scope))
            for (prefix, field) in [
                ("onvif://www.onvif.org/hardware/", ObservationField.onvifScopeHardware),
                ("onvif://www.onvif.org/name/", ObservationField.onvifScopeName),
                ("onvif://www.onvif.org/mac/", ObservationField.macAddress),
            ] where decoded.lowercased().hasPrefix(prefix) {
                add(field, String(decoded.unicodeScalars.dropFirst(prefix.unicodeScalars.count)))
            }
        }
        return out
    }

    /// A fault's reason as a client printed it, without the envelope (how ONVIF libraries
    /// report a fault, and so how it is published): one line of printable text. Anything
    /// else that is not XML stays an error.
    static func loggedFaultReason(_ bytes: [UInt8]) -> String? {
        guard bytes.count <= maximumLoggedReasonBytes,
              !bytes.contains(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D || $0 == 0x7F }),
              case let text = Bytes.trimmed(Bytes.text(bytes[...])), !text.isEmpty,
              !text.hasPrefix("<"), !text.utf8.contains(0x0A), !text.utf8.contains(0x0D) else { return nil }
        return text
    }
    static let maximumLoggedReasonBytes = 512

    /// From an answer cut short: its namespace declarations, what the device information
    /// or discovery elements closed before the cut say, and a fault's reason.
    static func salvage(_ bytes: [UInt8], source: EvidenceSource) -> [Observation] {
        var out = XMLBodyFacts.lexical(bytes).namespaces.map { Observation(field: ObservationField.onvifNamespace, value: $0, source: source) }
        if XMLBodyFacts.lexicallyOpens("Fault", in: bytes), let reason = XMLBodyFacts.lexicalText(of: "Text", in: bytes, maximumBytes: maximumLoggedReasonBytes) {
            out.append(Observation(field: ObservationField.onvifFaultReason, value: reason, source: source))
        }
        if XMLBodyFacts.lexicallyOpens("GetDeviceInformationResponse", in: bytes) {
            out += XMLBodyFacts.lexicalFields(deviceInformationFields, in: bytes, source: source)
        }
        if XMLBodyFacts.lexicallyOpens("ProbeMatch", in: bytes) || XMLBodyFacts.lexicallyOpens("Hello", in: bytes) {
            out += XMLBodyFacts.lexicalFields([("Types", ObservationField.onvifTypes), ("XAddrs", ObservationField.onvifXAddrs)], in: bytes, source: source)
            if let scopes = XMLBodyFacts.lexicalText(of: "Scopes", in: bytes, maximumBytes: 4096) { out += scopeObservations(scopes, source: source) }
        }
        return out
    }

    static let deviceInformationFields: [(String, String)] = [
        ("Manufacturer", ObservationField.onvifManufacturer), ("Model", ObservationField.onvifModel),
        ("FirmwareVersion", ObservationField.onvifFirmware), ("SerialNumber", ObservationField.onvifSerial),
        ("HardwareId", ObservationField.onvifHardwareID),
    ]

    /// ProbeMatch and Hello elements carry the same children.
    private static func matches(in root: XMLElement) -> [XMLElement] {
        var found: [XMLElement] = []
        func walk(_ element: XMLElement, depth: Int) {
            if element.localName == "ProbeMatch" || element.localName == "Hello" {
                found.append(element)
                return
            }
            if depth < 6 { for child in element.children { walk(child, depth: depth + 1) } }
        }
        walk(root, depth: 0)
        return found
    }

    static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
               let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return Bytes.text(bytes)
    }
}
