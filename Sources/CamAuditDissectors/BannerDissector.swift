import CamAuditModel

/// One-value protocols: a banner or a single recorded value, trimmed and bounded.
public enum BannerDissector {
    public static func observations(_ bytes: [UInt8], field: String, source: EvidenceSource) throws(DissectError) -> [Observation] {
        let text = Bytes.text(bytes.prefix(8 << 10))
        let firstLines = text.split(whereSeparator: \.isNewline).prefix(field == ObservationField.snmpSysDescr ? 16 : 4)
        let value = firstLines.map { Bytes.trimmed($0) }.filter { !$0.isEmpty }.joined(separator: field == ObservationField.snmpSysDescr ? " " : "\n")
        guard !value.isEmpty else { throw DissectError("empty \(field) value") }
        return [Observation(field: field, value: value, source: source)]
    }
}
