import CamAuditModel
import CamAuditXML

/// Hikvision SADP inquiry answers (XML over UDP 37020).
public enum SADPDissector {
    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        let document: XMLDocument
        do {
            document = try XMLDocumentParser(limits: .deviceReply).parse(bytes)
        } catch {
            // A ProbeMatch pasted only in part: the fields closed before the cut, if any was.
            let types = XMLBodyFacts.lexicalText(of: "Types", in: bytes)
            let found = XMLBodyFacts.lexicalFields(fields, in: bytes, source: source)
            guard XMLBodyFacts.lexicallyOpens("ProbeMatch", in: bytes), types != nil || !found.isEmpty else {
                throw DissectError("SADP answer is not well-formed XML: \(error)")
            }
            let mac = found.first { $0.field == ObservationField.sadpMAC }.map { Observation(field: ObservationField.macAddress, value: $0.value, source: source) }
            return [Observation(field: ObservationField.sadpPresent, value: "ProbeMatch " + (types ?? ""), source: source)] + found + (mac.map { [$0] } ?? [])
        }
        let root = document.root
        guard root.localName == "ProbeMatch" || root.localName == "Probe" else {
            throw DissectError("SADP answer has root <\(root.name)>, expected <ProbeMatch>")
        }
        var out: [Observation] = []
        func add(_ field: String, _ value: String) {
            out.append(Observation(field: field, value: value, source: source))
        }
        // Only an answer (not somebody else's probe) says anything about a device.
        guard root.localName == "ProbeMatch" else { return out }
        add(ObservationField.sadpPresent, "ProbeMatch " + (root.child(named: "Types").map { Bytes.trimmed($0.text) } ?? ""))
        for (name, field) in fields {
            guard let value = root.child(named: name).map({ Bytes.trimmed($0.text) }), !value.isEmpty else { continue }
            add(field, value)
        }
        if let mac = root.child(named: "MAC").map({ Bytes.trimmed($0.text) }), !mac.isEmpty {
            add(ObservationField.macAddress, mac)
        }
        return out
    }

    static let fields: [(String, String)] = [
        ("DeviceDescription", ObservationField.sadpDeviceDescription), ("DeviceType", ObservationField.sadpDeviceType),
        ("DeviceSN", ObservationField.sadpSerial), ("SoftwareVersion", ObservationField.sadpSoftwareVersion),
        ("DSPVersion", ObservationField.sadpDSPVersion), ("MAC", ObservationField.sadpMAC),
        ("OEMInfo", ObservationField.sadpOEMInfo), ("Activated", ObservationField.sadpActivated),
    ]
}
