import CamAuditModel

/// Dahua `magicBox.cgi` / `configManager.cgi` bodies: `key=value` lines; and the event lines
/// of `eventManager.cgi`'s stream (`Code=…;action=…;index=…;data={`).
enum DahuaCGIDissector {
    static func observations(_ text: String, source: EvidenceSource) -> [Observation] {
        var out: [Observation] = []
        for line in Bytes.lines(of: text).prefix(256) {
            // By byte: `=` is ASCII, and a Character search breaks graphemes over the line.
            guard let equals = line.utf8.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let key = Self.lastKeyPart(line[..<equals])
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

    /// The part after the last `.` of `table.General.MachineName` (empty parts, as a trailing
    /// `.` leaves, skipped), found by byte: a Character split cost more than the rest of the line.
    static func lastKeyPart(_ name: Substring) -> Substring {
        var end = name.utf8.endIndex
        while end > name.utf8.startIndex, name.utf8[name.utf8.index(before: end)] == UInt8(ascii: ".") { end = name.utf8.index(before: end) }
        let trimmed = name.utf8[..<end]
        let start = trimmed.lastIndex(of: UInt8(ascii: ".")).map { trimmed.index(after: $0) } ?? trimmed.startIndex
        return Substring(name.utf8[start..<end])
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
