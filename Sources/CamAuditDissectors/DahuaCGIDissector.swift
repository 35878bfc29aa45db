import CamAuditModel

/// Dahua `magicBox.cgi` / `configManager.cgi` bodies: `key=value` lines; and the event lines
/// of `eventManager.cgi`'s stream (`Code=…;action=…;index=…;data={`).
enum DahuaCGIDissector {
    static func observations(_ text: String, source: EvidenceSource) -> [Observation] {
        var out: [Observation] = []
        for line in Bytes.lines(of: text).prefix(256) {
            // By byte: `=` is ASCII, and a Character search breaks graphemes over the line.
            guard let equals = line.utf8.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let key = line[..<equals].split(separator: ".").last.map(String.init) ?? ""
            let value = Bytes.trimmed(line[line.utf8.index(after: equals)...])
            guard !value.isEmpty else { continue }
            if key == "Code", let event = eventLine(line) {
                out.append(Observation(field: ObservationField.dahuaCGIEvent, value: event, source: source))
                continue
            }
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

    /// `Code=<name>;action=<what>` and what follows up to the event's data, or nil for any
    /// other `Code=` line.
    static func eventLine(_ line: Substring) -> String? {
        let head = line.prefix(200)
        let event = head.range(of: ";data=").map { head[..<$0.lowerBound] } ?? head
        let fields = event.split(separator: ";")
        guard fields.count >= 2, fields[0].hasPrefix("Code="), fields[1].hasPrefix("action="), fields[0].count > 5 else { return nil }
        return Bytes.trimmed(event)
    }
}
