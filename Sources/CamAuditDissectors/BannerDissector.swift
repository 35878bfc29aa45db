import CamAuditModel

/// One-value protocols: a banner or a single recorded value, trimmed and bounded.
public enum BannerDissector {
    public static func observations(_ bytes: [UInt8], field: String, source: EvidenceSource) throws(DissectError) -> [Observation] {
        let text = Bytes.text(bytes.prefix(8 << 10))
        let firstLines = text.split(whereSeparator: \.isNewline).prefix(field == ObservationField.snmpSysDescr ? 16 : 4)
        let value = firstLines.map { Bytes.trimmed($0) }.filter { !$0.isEmpty }.joined(separator: field == ObservationField.snmpSysDescr ? " " : "\n")
        guard !value.isEmpty else { throw DissectError("empty \(field) value") }
        if field == ObservationField.snmpSysObjectID {
            return [Observation(field: field, value: try objectIdentifier(value), source: source)]
        }
        return [Observation(field: field, value: value, source: source)]
    }

    /// `.1.3.6.1.4.1.39165.1.1`, `iso.3.6.1.4.1.39165…` or `SNMPv2-SMI::enterprises.39165…` as
    /// `1.3.6.1.4.1.39165…`.
    static func objectIdentifier(_ text: String) throws(DissectError) -> String {
        var value = Substring(text.split(separator: " ").last ?? "")
        for (prefix, replacement) in [("SNMPv2-SMI::enterprises.", "1.3.6.1.4.1."), ("enterprises.", "1.3.6.1.4.1."), ("iso.", "1.")] where value.hasPrefix(prefix) {
            value = Substring(replacement) + value.dropFirst(prefix.count)
        }
        while value.hasPrefix(".") { value = value.dropFirst() }
        guard !value.isEmpty, value.count <= 256, value.allSatisfy({ $0.isNumber || $0 == "." }) else {
            throw DissectError("'\(text.prefix(80))' is not an object identifier (dotted numbers)")
        }
        return String(value)
    }
}
