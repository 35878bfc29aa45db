import CamAuditDissectors
import CamAuditModel
import Testing

/// DHIP's framing, shared by the dissector, the scanner's probe and passive recognition.
@Suite struct DHIPFrameTests {
    @Test func theHeaderCarriesTheMagicAndTheLengthTwice() {
        let header = DHIPFrame.header(payloadLength: 0x0102_0304)
        #expect(header.count == DHIPFrame.headerLength)
        #expect(header[0] == 0x20)
        #expect(Array(header[4..<8]) == Array("DHIP".utf8))
        #expect(Array(header[16..<20]) == [0x04, 0x03, 0x02, 0x01])
        #expect(Array(header[24..<28]) == [0x04, 0x03, 0x02, 0x01])
    }

    @Test func framingIsJudgedFromWhereTheBytesStart() {
        let message = DHIPFrame.header(payloadLength: 2) + Array("{}".utf8)
        #expect(DHIPFrame.isFramed(message))
        #expect(DHIPFrame.isFramed(message, minimumLength: DHIPFrame.headerLength))
        // A slice that starts mid-array: the magic is looked for at its own offset 4.
        let stream = Array("junk".utf8) + message
        #expect(DHIPFrame.isFramed(stream[4...]))
        #expect(!DHIPFrame.isFramed(stream))
        // Too short for the whole header, or too short to hold the magic at all.
        #expect(!DHIPFrame.isFramed(Array(message.prefix(20)), minimumLength: DHIPFrame.headerLength))
        #expect(DHIPFrame.isFramed(Array(message.prefix(8))))
        #expect(!DHIPFrame.isFramed(Array(message.prefix(7))))
    }

    @Test func theDissectorReadsAMessageMadeWithTheSharedHeader() throws {
        let json = Array(#"{"method":"client.notifyDevInfo","params":{"deviceInfo":{"DeviceType":"IPC-HFW1230S","SerialNo":"6C0123456789ABC"}}}"#.utf8)
        let source = EvidenceSource(kind: .recorded, protocolName: "dhip", port: 37810, reference: "t")
        let observations = try ProtocolDissector.dissect(protocol: "dhip", payload: DHIPFrame.header(payloadLength: json.count) + json, source: source)
        #expect(observations.contains { $0.value == "IPC-HFW1230S" })
    }
}
