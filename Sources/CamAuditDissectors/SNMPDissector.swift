import CamAuditModel

/// SNMP answers (UDP 161, v1 and v2c; RFC 1157/3416): the system group an agent reports about
/// itself. A network-management system polls every host, so a capture near one sees each
/// camera and recorder name its maker: sysDescr text and the enterprise number in sysObjectID.
/// Only what is in the packet is read; nothing here asks a device anything.
public enum SNMPDissector {
    static let sysDescr: [UInt8] = [0x2B, 6, 1, 2, 1, 1, 1, 0]
    static let sysObjectID: [UInt8] = [0x2B, 6, 1, 2, 1, 1, 2, 0]
    static let sysName: [UInt8] = [0x2B, 6, 1, 2, 1, 1, 5, 0]
    /// GetResponse (v1/v2c) and Report PDUs carry the agent's values.
    static let answerPDUs: Set<UInt8> = [0xA2, 0xA8]
    static let maxVarbinds = 64

    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        var message = DERReader(bytes[...])
        guard let envelope = message.next(), envelope.tag == 0x30 else { throw DissectError("not an SNMP message (no outer SEQUENCE)") }
        var fields = DERReader(envelope.content)
        guard let version = fields.next(ifTag: 0x02), version.content.count == 1, version.content.first! <= 1 else {
            throw DissectError("not an SNMP v1 or v2c message (SNMPv3 answers are encrypted or carry no community)")
        }
        guard fields.next(ifTag: 0x04) != nil, let pdu = fields.next() else { throw DissectError("SNMP message without community and PDU") }
        guard answerPDUs.contains(pdu.tag) else { throw DissectError("SNMP PDU 0x\(String(pdu.tag, radix: 16)) is not an answer") }
        var pduFields = DERReader(pdu.content)
        for _ in 0..<3 { guard pduFields.next(ifTag: 0x02) != nil else { throw DissectError("SNMP PDU without request id and error fields") } }
        guard let list = pduFields.next(ifTag: 0x30) else { throw DissectError("SNMP PDU without a variable-binding list") }
        var bindings = DERReader(list.content)
        var out: [Observation] = []
        var count = 0
        while !bindings.isAtEnd, count < maxVarbinds {
            count += 1
            guard let binding = bindings.next(), binding.tag == 0x30 else { throw DissectError("broken SNMP variable binding") }
            var pair = DERReader(binding.content)
            guard let name = pair.next(ifTag: 0x06), let value = pair.next() else { continue }
            let oid = Array(name.content)
            if oid == sysDescr, value.tag == 0x04, let text = printable(value.content) {
                out.append(Observation(field: ObservationField.snmpSysDescr, value: text, source: source))
            } else if oid == sysObjectID, value.tag == 0x06, !value.content.isEmpty {
                out.append(Observation(field: ObservationField.snmpSysObjectID, value: X509Names.oid(value.content), source: source))
            } else if oid == sysName, value.tag == 0x04, let text = printable(value.content) {
                out.append(Observation(field: ObservationField.snmpSysName, value: text, source: source))
            }
        }
        return out
    }

    /// Text as agents send it, control characters folded to spaces, at most 1 KiB.
    static func printable(_ content: ArraySlice<UInt8>) -> String? {
        let text = Bytes.text(content.prefix(1024).map { $0 < 0x20 || $0 == 0x7F ? 0x20 : $0 })
        let trimmed = Bytes.trimmed(text)
        return trimmed.isEmpty ? nil : trimmed.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
