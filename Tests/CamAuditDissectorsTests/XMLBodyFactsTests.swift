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

/// A GetDeviceInformation answer pasted only in part (a thread, a screenshot's text) still
/// names what was closed before the cut; a cut inside a value gives nothing for it.
@Suite struct CutONVIFAnswerTests {
    let source = EvidenceSource(kind: .recorded, protocolName: "onvif-getdeviceinformation", port: 80, reference: "t")
    // corpus pss-hik-ds2df7286-onvif-devinfo
    let answer = """
        <?xml version="1.0" encoding="UTF-8"?>
        <env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><env:Body><tds:GetDeviceInformationResponse><tds:Manufacturer>HIKVISION</tds:Manufacturer><tds:Model>DS-2DF7286-A</tds:Model><tds:FirmwareVersion>V5.1.8 build 140616</tds:FirmwareVersion><tds:SerialNumber>DS-2DF7286-A20140705CCWR471699220B</tds:SerialNumber><tds:HardwareId>88</tds:HardwareId></tds:GetDeviceInformationResponse></env:Body></env:Envelope>
        """

    func observations(cutAt marker: String) throws -> [String: String] {
        let cut = String(answer[..<answer.range(of: marker)!.lowerBound])
        let found = try ProtocolDissector.dissect(protocol: "onvif-getdeviceinformation", payload: Array(cut.utf8), source: source)
        #expect(found.allSatisfy { $0.source == source })
        return Dictionary(found.map { ($0.field, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func whatWasClosedBeforeTheCutIsRead() throws {
        let cut = try observations(cutAt: "build 140616")
        #expect(cut[ObservationField.onvifManufacturer] == "HIKVISION")
        #expect(cut[ObservationField.onvifModel] == "DS-2DF7286-A")
        #expect(cut[ObservationField.onvifFirmware] == nil)
        #expect(cut[ObservationField.onvifNamespace] == "http://www.w3.org/2003/05/soap-envelope")
        // The whole answer reads the same fields as the parser does.
        let whole = try ProtocolDissector.dissect(protocol: "onvif-getdeviceinformation", payload: Array(answer.utf8), source: source)
        #expect(whole.contains { $0.field == ObservationField.onvifSerial && $0.value == "DS-2DF7286-A20140705CCWR471699220B" })
    }

    @Test func aCutInsideTheFirstValueIsStillAnError() {
        let cut = String(answer[..<answer.range(of: "VISION")!.lowerBound]).replacingOccurrences(of: "xmlns", with: "x")
        #expect(throws: DissectError.self) {
            _ = try ProtocolDissector.dissect(protocol: "onvif-getdeviceinformation", payload: Array(cut.utf8), source: source)
        }
        // Elements with the same local name outside a device-information answer are not read.
        let other = "<x:Other><x:Model>not a device</x:Model>"
        #expect((try? ProtocolDissector.dissect(protocol: "onvif-soap", payload: Array(other.utf8), source: source)) == nil)
    }
}

/// SADP answers and UPnP descriptions pasted only in part give the fields closed before the cut.
@Suite struct CutDiscoveryAnswerTests {
    let source = EvidenceSource(kind: .recorded, protocolName: "t", port: nil, reference: "t")

    func fields(_ protocolName: String, _ text: String) throws -> [String: String] {
        let found = try ProtocolDissector.dissect(protocol: protocolName, payload: Array(text.utf8), source: source)
        return Dictionary(found.map { ($0.field, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func aCutSADPProbeMatch() throws {
        // corpus pss-hik-sadp-dskh6210l, cut inside SoftwareVersion
        let cut = "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<ProbeMatch>\n<Uuid>7621A503-49E6-4FBA-B3F8-CBE1F18E55F4</Uuid>\n<Types>inquiry</Types>\n<DeviceType>57397</DeviceType>\n<DeviceDescription>DS-KH6210-L</DeviceDescription>\n<DeviceSN>DS-KH6210-serial_number</DeviceSN>\n<CommandPort>8000</CommandPort>\n<HttpPort>80</HttpPort>\n<MAC>AA-BB-CC-AA-BB-CC</MAC>\n<SoftwareVersion>V1.5.0bu"
        let found = try fields("sadp", cut)
        #expect(found[ObservationField.sadpPresent] == "ProbeMatch inquiry")
        #expect(found[ObservationField.sadpDeviceDescription] == "DS-KH6210-L")
        #expect(found[ObservationField.sadpSerial] == "DS-KH6210-serial_number")
        #expect(found[ObservationField.macAddress] == "AA-BB-CC-AA-BB-CC")
        #expect(found[ObservationField.sadpSoftwareVersion] == nil)
        // A tool's probe cut short is not an answer.
        #expect(throws: DissectError.self) { _ = try fields("sadp", "<?xml version=\"1.0\"?><Probe><Uuid>1</Uuid><Types>inq") }
    }

    @Test func aCutWSDiscoveryProbeMatch() throws {
        // evaluation ev-iss-onvif239-1 (agsh/onvif#239): an Axis camera's ProbeMatches, pasted up to XAddrs
        let cut = "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:d=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\"><SOAP-ENV:Body><d:ProbeMatches><d:ProbeMatch><d:Types>tds:Device dn:NetworkVideoTransmitter</d:Types><d:Scopes>onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/hardware/M1065-L onvif://www.onvif.org/name/AXIS%20M1065-L </d:Scopes><d:XAddrs>http://192.168.1.27/onvif/device_service</d:XAddrs>"
        let found = try fields("onvif-probematch", cut)
        #expect(found[ObservationField.onvifScopeHardware] == "M1065-L")
        #expect(found[ObservationField.onvifScopeName] == "AXIS M1065-L")
        #expect(found[ObservationField.onvifTypes] == "tds:Device dn:NetworkVideoTransmitter")
        #expect(found[ObservationField.onvifXAddrs] == "http://192.168.1.27/onvif/device_service")
        #expect(found[ObservationField.onvifNamespace] == "http://www.w3.org/2003/05/soap-envelope")
    }

    @Test func aCutUPnPDescription() throws {
        // evaluation ev-iss-wemo58-1 (bwp91/homebridge-platform-wemo#58): the paste ends before </device>
        let cut = "<root xmlns=\"urn:Belkin:device-1-0\">\n<device>\n<deviceType>urn:Belkin:device:NetCamSensor:1</deviceType>\n<friendlyName>Porch</friendlyName>\n<manufacturer>Belkin International Inc.</manufacturer>\n<modelName>NetCamHDv1</modelName>\n<serialNumber>23A595V018F00C</serialNumber>\n<binaryState>0</binaryState>"
        let found = try fields("upnp-xml", cut)
        #expect(found[ObservationField.upnpManufacturer] == "Belkin International Inc.")
        #expect(found[ObservationField.upnpModelName] == "NetCamHDv1")
        #expect(found[ObservationField.upnpSerial] == "23A595V018F00C")
        #expect(found[ObservationField.upnpModelNumber] == nil)
    }
}
