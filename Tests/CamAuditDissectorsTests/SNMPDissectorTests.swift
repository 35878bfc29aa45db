import CamAuditDissectors
import CamAuditModel
import Testing

/// SNMP GetResponses laid out per RFC 1157/3416, carrying the values LibreNMS's test walks
/// record for a Hikvision recorder (Tests/Fixtures/evaluation/passive.jsonl ev-lnms-1/-2).
@Suite struct SNMPDissectorTests {
    let source = EvidenceSource(kind: .passive, protocolName: "snmp", port: 161, reference: "t")

    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        precondition(content.count < 0x10000)
        if content.count < 0x80 { return [tag, UInt8(content.count)] + content }
        if content.count < 0x100 { return [tag, 0x81, UInt8(content.count)] + content }
        return [tag, 0x82, UInt8(content.count >> 8), UInt8(content.count & 0xFF)] + content
    }

    static func response(version: UInt8 = 1, pdu: UInt8 = 0xA2, bindings: [([UInt8], [UInt8])]) -> [UInt8] {
        let list = bindings.flatMap { tlv(0x30, tlv(0x06, $0.0) + $0.1) }
        let body = tlv(0x02, [0x12, 0x34]) + tlv(0x02, [0]) + tlv(0x02, [0]) + tlv(0x30, list)
        return tlv(0x30, tlv(0x02, [version]) + tlv(0x04, Array("public".utf8)) + tlv(pdu, body))
    }

    static let sysDescr: [UInt8] = [0x2B, 6, 1, 2, 1, 1, 1, 0]
    static let sysObjectID: [UInt8] = [0x2B, 6, 1, 2, 1, 1, 2, 0]
    // 1.3.6.1.4.1.50001: 50001 in base 128 is 0x83 0x86 0x51.
    static let hikvisionRecorderOID: [UInt8] = [0x2B, 6, 1, 4, 1, 0x83, 0x86, 0x51]

    @Test func theSystemGroupOfAnAnswerIsRead() throws {
        let packet = Self.response(bindings: [
            (Self.sysDescr, Self.tlv(0x04, Array("Hikvision company products".utf8))),
            (Self.sysObjectID, Self.tlv(0x06, Self.hikvisionRecorderOID)),
        ])
        let observations = try ProtocolDissector.dissect(protocol: "snmp", payload: packet, source: source)
        #expect(observations.map(\.field) == [ObservationField.snmpSysDescr, ObservationField.snmpSysObjectID])
        #expect(observations.map(\.value) == ["Hikvision company products", "1.3.6.1.4.1.50001"])
    }

    @Test func requestsAndSNMPv3AreNotAnswers() {
        let request = Self.response(pdu: 0xA0, bindings: [(Self.sysDescr, [0x05, 0x00])])
        #expect(throws: DissectError.self) { try ProtocolDissector.dissect(protocol: "snmp", payload: request, source: source) }
        let v3 = Self.response(version: 3, bindings: [])
        #expect(throws: DissectError.self) { try ProtocolDissector.dissect(protocol: "snmp", payload: v3, source: source) }
    }

    @Test func noByteSequenceCrashesIt() {
        var generator = SystemRandomNumberGenerator()
        let valid = Self.response(bindings: [(Self.sysDescr, Self.tlv(0x04, Array("NVR".utf8)))])
        for _ in 0..<20_000 {
            var bytes = valid
            // Flip, cut and extend: every length field gets to lie.
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if Bool.random(using: &generator) { bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator))) }
            _ = try? ProtocolDissector.dissect(protocol: "snmp", payload: bytes, source: source)
        }
    }
}
