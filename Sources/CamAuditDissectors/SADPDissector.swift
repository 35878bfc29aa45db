import CamAuditModel
import CamAuditXML

/// Hikvision SADP inquiry answers (XML over UDP 37020).
public enum SADPDissector {
    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        let document: XMLDocument
        do {
            document = try XMLDocumentParser(limits: .deviceReply).parse(bytes)
        } catch {
            throw DissectError("SADP answer is not well-formed XML: \(error)")
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
        let fields: [(String, String)] = [
            ("DeviceDescription", ObservationField.sadpDeviceDescription), ("DeviceType", ObservationField.sadpDeviceType),
            ("DeviceSN", ObservationField.sadpSerial), ("SoftwareVersion", ObservationField.sadpSoftwareVersion),
            ("DSPVersion", ObservationField.sadpDSPVersion), ("MAC", ObservationField.sadpMAC),
            ("OEMInfo", ObservationField.sadpOEMInfo), ("Activated", ObservationField.sadpActivated),
        ]
        for (name, field) in fields {
            guard let value = root.child(named: name).map({ Bytes.trimmed($0.text) }), !value.isEmpty else { continue }
            add(field, value)
        }
        if let mac = root.child(named: "MAC").map({ Bytes.trimmed($0.text) }), !mac.isEmpty {
            add(ObservationField.macAddress, mac)
        }
        return out
    }
}
