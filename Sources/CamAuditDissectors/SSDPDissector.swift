import CamAuditModel
import CamAuditXML

/// SSDP answers and NOTIFY messages (HTTP over UDP 1900), and UPnP device descriptions.
public enum SSDPDissector {
    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        let message = try HTTPMessage.parse(bytes)
        guard message.startLine != nil else { throw DissectError("not an SSDP message (no HTTP start line)") }
        var out: [Observation] = []
        for header in message.headers {
            let field: String?
            switch header.name.lowercased() {
            case "server": field = ObservationField.ssdpServer
            case "usn": field = ObservationField.ssdpUSN
            case "location": field = ObservationField.ssdpLocation
            default: field = nil
            }
            if let field, !header.value.isEmpty { out.append(Observation(field: field, value: header.value, source: source)) }
        }
        return out
    }

    public static func description(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        var xml = bytes
        if bytes.starts(with: Array("HTTP/".utf8)) { xml = try HTTPMessage.parse(bytes).body }
        let document: XMLDocument
        do {
            document = try XMLDocumentParser(limits: .deviceReply).parse(xml)
        } catch {
            // A description pasted only in part: the root device's fields closed before the cut.
            let found = XMLBodyFacts.lexicalFields(descriptionFields, in: xml, source: source)
            guard XMLBodyFacts.lexicallyOpens("device", in: xml), !found.isEmpty else {
                throw DissectError("UPnP description is not well-formed XML: \(error)")
            }
            return found
        }
        guard let device = document.root.first(named: "device") else {
            throw DissectError("UPnP description has no <device>")
        }
        var out: [Observation] = []
        for (name, field) in descriptionFields {
            if let value = device.child(named: name).map({ Bytes.trimmed($0.text) }), !value.isEmpty {
                out.append(Observation(field: field, value: value, source: source))
            }
        }
        return out
    }

    static let descriptionFields: [(String, String)] = [
        ("manufacturer", ObservationField.upnpManufacturer), ("modelName", ObservationField.upnpModelName),
        ("modelNumber", ObservationField.upnpModelNumber), ("friendlyName", ObservationField.upnpFriendlyName),
        ("modelDescription", ObservationField.upnpModelDescription), ("serialNumber", ObservationField.upnpSerial),
    ]
}
