import CamAuditModel

/// Dahua `magicBox.cgi` / `configManager.cgi` bodies: `key=value` lines.
enum DahuaCGIDissector {
    static func observations(_ text: String, source: EvidenceSource) -> [Observation] {
        var out: [Observation] = []
        for line in text.split(whereSeparator: \.isNewline).prefix(256) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].split(separator: ".").last.map(String.init) ?? ""
            let value = Bytes.trimmed(line[line.index(after: equals)...])
            guard !value.isEmpty else { continue }
            let field: String?
            switch key {
            case "deviceType", "type": field = ObservationField.dahuaCGIDeviceType
            case "updateSerial": field = ObservationField.dahuaCGIUpdateSerial
            case "serialNumber", "sn": field = ObservationField.dahuaCGISerial
            case "version": field = ObservationField.dahuaCGIVersion
            case "processor": field = ObservationField.dahuaCGIProcessor
            // getVendor: "Dahua", or the relabel's name (Amcrest, Lorex, Intelbras).
            case "vendor": field = ObservationField.dahuaCGIVendor
            default: field = nil
            }
            if let field { out.append(Observation(field: field, value: value, source: source)) }
        }
        return out
    }
}
