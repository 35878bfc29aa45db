import CamAuditDissectors
import CamAuditModel
import Testing

/// XML bodies give their namespaces and serial wherever they sit, whole or cut short.
@Suite struct XMLBodyFactsTests {
    let source = EvidenceSource(kind: .recorded, protocolName: "test", port: nil, reference: "t")

    func values(_ text: String, _ field: String) throws -> [String] {
        try ProtocolDissector.dissect(protocol: "http-body", payload: Array(text.utf8), source: source)
            .filter { $0.field == field }.map(\.value)
    }

    // The shape of a recorder's PSIA event alert: extension elements declare their own namespace.
    let alert = """
        <?xml version="1.0" encoding="UTF-8"?>
        <EventNotificationAlert version="1.0" xmlns="urn:psialliance-org">
          <eventType>fielddetection</eventType>
          <Extensions>
            <serialNumber xmlns="urn:selfextension:psiaext-ver10-xsd">DS-7608NXI-I0/0P/S0000000000CCRRJ00000000WCVU
            </serialNumber>
            <eventPush xmlns="urn:selfextension:psiaext-ver10-xsd">fielddetection</eventPush>
          </Extensions>
        </EventNotificationAlert>
        """

    @Test func nestedNamespacesAndSerialsAreRead() throws {
        #expect(try values(alert, ObservationField.httpXMLNamespace) == ["urn:psialliance-org", "urn:selfextension:psiaext-ver10-xsd"])
        #expect(try values(alert, ObservationField.isapiSerial) == ["DS-7608NXI-I0/0P/S0000000000CCRRJ00000000WCVU"])
    }

    @Test func aBodyCutShortStillGivesWhatPrecedesTheCut() throws {
        let cut = String(alert.prefix(through: alert.range(of: "<eventPush")!.lowerBound))
        #expect(try values(cut, ObservationField.httpXMLNamespace) == ["urn:psialliance-org", "urn:selfextension:psiaext-ver10-xsd"])
        #expect(try values(cut, ObservationField.isapiSerial) == ["DS-7608NXI-I0/0P/S0000000000CCRRJ00000000WCVU"])
        // Cut inside the serial: no half value is reported.
        let inSerial = String(alert.prefix(through: alert.range(of: "CCRRJ")!.lowerBound))
        #expect(try values(inSerial, ObservationField.isapiSerial).isEmpty)
        // Cut inside a declaration's value: nothing invented from it.
        let inDeclaration = String(alert.prefix(through: alert.range(of: "psiaext")!.lowerBound))
        #expect(try values(inDeclaration, ObservationField.httpXMLNamespace) == ["urn:psialliance-org"])
    }

    @Test func arbitraryBytesNeverCrashTheSalvage() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let length = Int.random(in: 1...200, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            bytes[0] = UInt8(ascii: "<")
            if length > 8 { bytes.replaceSubrange(1..<7, with: Array("xmlns=".utf8)) }
            _ = try? ProtocolDissector.dissect(protocol: "http-body", payload: bytes, source: source)
        }
    }
}
