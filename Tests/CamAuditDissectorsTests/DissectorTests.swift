import CamAuditModel
import Testing
@testable import CamAuditDissectors

@Suite struct DissectorTests {
    func observe(_ protocolName: String, _ payload: String) throws -> [String: String] {
        let observations = try ProtocolDissector.dissect(protocol: protocolName, payload: Array(payload.utf8), source: EvidenceSource())
        return Dictionary(observations.map { ($0.field, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func httpHeadersRealmTitleAndOrder() throws {
        let fields = try observe("http", "HTTP/1.1 401 Unauthorized\r\nServer: App-webs/\r\nWWW-Authenticate: Digest qop=\"auth\", realm=\"IP Camera(83813)\", nonce=\"x\"\r\n\r\n<html><head><title>\r\n Document   Error </title></head></html>")
        #expect(fields[ObservationField.httpStatus] == "401")
        #expect(fields[ObservationField.httpServer] == "App-webs/")
        #expect(fields[ObservationField.httpRealm] == "IP Camera(83813)")
        #expect(fields[ObservationField.httpTitle] == "Document Error")
        #expect(fields[ObservationField.httpHeaderNames] == "Server,WWW-Authenticate")
    }

    @Test func titleIsFoundInAnyCaseAndNotInLookalikes() throws {
        #expect(HTTPDissector.title(in: Array("<HTML><TITLE lang=en>NVR  Login</Title>".utf8)) == "NVR Login")
        #expect(HTTPDissector.title(in: Array("\u{1C}title>x".utf8)) == nil)
        #expect(HTTPDissector.title(in: Array("<title>unterminated".utf8)) == "unterminated")
        #expect(HTTPDissector.title(in: Array("<title".utf8)) == nil)
        #expect(HTTPDissector.title(in: [0x3C, 0x74, 0x69, 0x74, 0x6C, 0x65, 0x3E, 0xFF, 0x41]) != nil)
    }

    @Test func httpWithBareLineFeedsAndNoHeaders() throws {
        let fields = try observe("http", "HTTP/1.0 200 OK\nCONTENT-TYPE: text/plain\n\ndeviceType=IPC-HDW5831R-ZE\nversion=2.800.0000016.0.R,build:2020-06-05\n")
        #expect(fields[ObservationField.httpHeaderNames] == "CONTENT-TYPE")
        #expect(fields[ObservationField.dahuaCGIDeviceType] == "IPC-HDW5831R-ZE")
        #expect(fields[ObservationField.dahuaCGIVersion] == "2.800.0000016.0.R,build:2020-06-05")
        // A body without any HTTP head is read as a body.
        let bare = try observe("dahua-cgi-systeminfo", "deviceType=31\r\nupdateSerial=DHI-NVR4108HS-8P-4KS2\r\n")
        #expect(bare[ObservationField.dahuaCGIUpdateSerial] == "DHI-NVR4108HS-8P-4KS2")
    }

    @Test func isapiDeviceInfoBody() throws {
        let fields = try observe("isapi-deviceinfo", "HTTP/1.1 200 OK\r\n\r\n<?xml version=\"1.0\"?><DeviceInfo xmlns=\"http://www.hikvision.com/ver20/XMLSchema\"><model>DS-2CD2443G0-IW</model><firmwareVersion>V5.6.5</firmwareVersion><firmwareReleasedDate>build 200316</firmwareReleasedDate></DeviceInfo>")
        #expect(fields[ObservationField.isapiModel] == "DS-2CD2443G0-IW")
        #expect(fields[ObservationField.isapiFirmware] == "V5.6.5 build 200316")
        #expect(fields[ObservationField.isapiNamespace] == "http://www.hikvision.com/ver20/XMLSchema")
    }

    @Test func rtspKeepsTheRawDateAndSDP() throws {
        let fields = try observe("rtsp", "RTSP/1.0 200 OK\r\nCSeq: 3\r\nDate:  Thu, May 14 2020 16:45:35 GMT\r\nContent-Base: rtsp://h/\r\n\r\nv=0\r\ns=Media Presentation\r\na=control:*\r\n")
        #expect(fields[ObservationField.rtspDate] == "  Thu, May 14 2020 16:45:35 GMT")
        #expect(fields[ObservationField.rtspSDP] == "s=Media Presentation\na=control:*")
        #expect(throws: DissectError.self) { try observe("rtsp", "HTTP/1.1 200 OK\r\n\r\n") }
    }

    @Test func rtspAcceptsAnSDPQuotedAlone() throws {
        // Threads and client logs often quote only the SDP of a DESCRIBE answer.
        let fields = try observe("rtsp", "v=0\no=- 1534930022996637 1534930022996637 IN IP4 192.168.1.4\ns=Media Presentation\ne=NONE\na=control:*\n")
        #expect(fields[ObservationField.rtspSDP] == "s=Media Presentation\na=control:*")
        #expect(fields[ObservationField.rtspHeaderNames] == nil)
        #expect(try observe("rtsp", "o=RTSP Session 0 0 IN IP4 0.0.0.0").isEmpty)
        #expect(throws: DissectError.self) { try observe("rtsp", "hello=world\nnot sdp") }
        #expect(throws: DissectError.self) { try observe("rtsp", "<html>RTSP</html>") }
    }

    @Test func sadpAnswer() throws {
        let fields = try observe("sadp", "<?xml version=\"1.0\"?><ProbeMatch><Uuid>u</Uuid><Types>inquiry</Types><DeviceDescription>DS-KH6210-L</DeviceDescription><MAC>c0-56-e3-aa-bb-cc</MAC></ProbeMatch>")
        #expect(fields[ObservationField.sadpPresent] == "ProbeMatch inquiry")
        #expect(fields[ObservationField.sadpDeviceDescription] == "DS-KH6210-L")
        #expect(fields[ObservationField.macAddress] == "c0-56-e3-aa-bb-cc")
        #expect(throws: DissectError.self) { try observe("sadp", "<Other/>") }
    }

    @Test func onvifProbeMatchScopes() throws {
        let xml = """
        <e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"><e:Body><d:ProbeMatches><d:ProbeMatch>
        <d:Types>dn:NetworkVideoTransmitter</d:Types>
        <d:Scopes>onvif://www.onvif.org/name/HIKVISION%20DS-2CD2143G0-I onvif://www.onvif.org/hardware/DS-2CD2143G0-I onvif://www.onvif.org/MAC/bc:ad:28:88:94:98</d:Scopes>
        <d:XAddrs>http://192.168.1.64/onvif/device_service</d:XAddrs>
        </d:ProbeMatch></d:ProbeMatches></e:Body></e:Envelope>
        """
        let fields = try observe("onvif-probematch", xml)
        #expect(fields[ObservationField.onvifScopeName] == "HIKVISION DS-2CD2143G0-I")
        #expect(fields[ObservationField.onvifScopeHardware] == "DS-2CD2143G0-I")
        #expect(fields[ObservationField.macAddress] == "bc:ad:28:88:94:98")
    }

    @Test func dhipHeaderAndJSON() throws {
        let json = #"{"mac":"b4:4c:3b:01:02:03","method":"client.notifyDevInfo","params":{"deviceInfo":{"DeviceClass":"BSC","DeviceType":"SS 3530 MF W","Vendor":"Intelbras","Version":"2.000.00IB004.0.R"}}}"#
        var packet: [UInt8] = [0x20, 0, 0, 0] + Array("DHIP".utf8) + [UInt8](repeating: 0, count: 8)
        let length = UInt32(json.utf8.count + 2)
        let lengthBytes = [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), 0, 0]
        packet += lengthBytes + [0, 0, 0, 0] + lengthBytes + [0, 0, 0, 0] + Array(json.utf8) + [0x0A, 0]
        let observations = try ProtocolDissector.dissect(protocol: "dhip", payload: packet, source: EvidenceSource())
        let fields = Dictionary(observations.map { ($0.field, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(fields[ObservationField.dhipMethod] == "client.notifyDevInfo")
        #expect(fields[ObservationField.dhipVendor] == "Intelbras")
        #expect(fields[ObservationField.macAddress] == "b4:4c:3b:01:02:03")
        #expect(throws: DissectError.self) { try ProtocolDissector.dissect(protocol: "dhip", payload: Array(packet.prefix(20)), source: EvidenceSource()) }
    }

    @Test func dvripRealmReply() throws {
        let bytes = try #require(ProtocolDissector.bytes(fromHex: "b0010000580000000000000000000000000000000000000000000000000000005265616c6d3a4c6f67696e20746f2034433034354144504147363043440d0a52616e646f6d3a313739343337323834360d0a"))
        let observations = try ProtocolDissector.dissect(protocol: "dahua-37777", payload: bytes, source: EvidenceSource())
        #expect(observations.contains { $0.field == ObservationField.dahuaDVRIPRealm && $0.value == "Login to 4C045ADPAG60CD" })
    }

    @Test func dnsNamesAndPointerLoops() throws {
        // Query for dev.hik-connect.com.
        var message: [UInt8] = [0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0]
        for label in ["dev", "hik-connect", "com"] { message += [UInt8(label.utf8.count)] + Array(label.utf8) }
        message += [0, 0, 1, 0, 1]
        #expect(try DNSDissector.names(in: message) == ["dev.hik-connect.com"])
        // A name that points at itself.
        let loop: [UInt8] = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1]
        #expect(throws: DissectError.self) { try DNSDissector.names(in: loop) }
    }

    @Test func dhcpOptions() throws {
        var packet = [UInt8](repeating: 0, count: 240)
        packet[0] = 1; packet[1] = 1; packet[2] = 6
        packet.replaceSubrange(28..<34, with: [0x9C, 0x8E, 0xCD, 1, 2, 3])
        packet.replaceSubrange(236..<240, with: [0x63, 0x82, 0x53, 0x63])
        packet += [53, 1, 1, 55, 3, 1, 3, 6, 12, 3] + Array("IPC".utf8) + [255]
        let observations = try DHCPDissector.observations(packet, source: EvidenceSource())
        let fields = Dictionary(observations.map { ($0.field, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(fields[ObservationField.dhcpHostname] == "IPC")
        #expect(fields[ObservationField.dhcpParameterList] == "1,3,6")
        #expect(fields[ObservationField.macAddress] == "9c:8e:cd:01:02:03")
        packet[packet.count - 5] = 200 // option 12's length now runs past the end
        #expect(throws: DissectError.self) { try DHCPDissector.observations(packet, source: EvidenceSource()) }
    }

    @Test func tlsDistinguishedNamesAreNormalised() throws {
        let fields = try observe("tls-cert", "Subject: C=CN, ST=ZJ, L=HZ, O=HIKVISION\nIssuer: O=X")
        #expect(fields[ObservationField.tlsSubject] == "C=CN,ST=ZJ,L=HZ,O=HIKVISION")
        #expect(throws: DissectError.self) { try observe("tls-cert", "garbage") }
    }

    @Test func unknownProtocolIsAnError() {
        #expect(throws: DissectError.self) { try observe("gopher", "x") }
    }

    @Test func giganticHeadersAreBounded() {
        let head = "HTTP/1.1 200 OK\r\n" + String(repeating: "X-A: b\r\n", count: 10_000)
        #expect(throws: DissectError.self) { try observe("http", head) }
    }

    @Test func noDissectorCrashesOnRandomBytes() {
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        let seeds: [[UInt8]] = [
            Array("HTTP/1.1 200 OK\r\nServer: x\r\n\r\n<a>".utf8), Array("RTSP/1.0 401 U\r\n".utf8),
            [0x20, 0, 0, 0] + Array("DHIP".utf8) + [UInt8](repeating: 0xFF, count: 24), [0xB0, 1, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F],
            Array("<ProbeMatch><MAC>".utf8), [0xB3, 0xFF] + [UInt8](repeating: 0x41, count: 200),
        ]
        for protocolName in ProtocolDissector.protocols {
            for round in 0..<300 {
                var bytes = seeds[round % seeds.count]
                let extra = Int(next() % 64)
                for _ in 0..<extra { bytes.insert(UInt8(truncatingIfNeeded: next()), at: Int(next() % UInt64(bytes.count + 1))) }
                if round % 7 == 0 { bytes = (0..<Int(next() % 600)).map { _ in UInt8(truncatingIfNeeded: next()) } }
                _ = try? ProtocolDissector.dissect(protocol: protocolName, payload: bytes, source: EvidenceSource())
            }
        }
    }

    /// A 5050 answer laid out as protocols.md §5.2 describes: 0x78 bytes, the MAC text, lines.
    static func legacyAnswer(name: String, mac: String, lines: String = "SerialNo:4J01234PAG00001\r\n") -> [UInt8] {
        var section = [UInt8](repeating: 0, count: 0x78)
        section[0] = 0xB3
        section[2] = UInt8(mac.utf8.count)
        section[0x14] = UInt8(lines.utf8.count)
        for (offset, byte) in name.utf8.prefix(16).enumerated() { section[0x28 + offset] = byte }
        return section + Array(mac.utf8) + Array(lines.utf8)
    }

    @Test func dahuaLegacyAnswerGivesNameAndMAC() throws {
        let observations = try DVRIPDissector.legacyDiscovery(Self.legacyAnswer(name: "DH-XVR5108HS", mac: "3c:ef:8c:12:34:56"), source: EvidenceSource())
        #expect(observations.map(\.field) == [ObservationField.dahuaLegacyName, ObservationField.dahuaLegacyMAC, ObservationField.macAddress, ObservationField.dahuaLegacySerial])
        #expect(observations.map(\.value) == ["DH-XVR5108HS", "3c:ef:8c:12:34:56", "3c:ef:8c:12:34:56", "4J01234PAG00001"])
        // Sections longer than the datagram, a name that is not text, a MAC that is not one.
        #expect(throws: DissectError.self) { try DVRIPDissector.legacyDiscovery(Array(Self.legacyAnswer(name: "DVR", mac: "3c:ef:8c:12:34:56").dropLast()), source: EvidenceSource()) }
        var binaryName = Self.legacyAnswer(name: "DVR", mac: "3c:ef:8c:12:34:56")
        binaryName[0x29] = 0x07
        #expect(throws: DissectError.self) { try DVRIPDissector.legacyDiscovery(binaryName, source: EvidenceSource()) }
        #expect(throws: DissectError.self) { try DVRIPDissector.legacyDiscovery(Self.legacyAnswer(name: "DVR", mac: "3c:ef:8c:12:34:5g"), source: EvidenceSource()) }
    }

    @Test func dahuaLegacyAnswerGivesModelAndSectionThreeLines() throws {
        var answer = Self.legacyAnswer(name: "NVR", mac: "3c:ef:8c:12:34:56",
                                       lines: "Device:NVR\r\nSerialNo:4J01234PAG00001\r\nVersion:4.001.0000000.1.R\r\nIPv6Addr:fe80::1/64\r\n")
        // The model follows the MAC in section 2.
        answer.insert(contentsOf: Array("DH-NVR4104".utf8), at: 0x78 + 17)
        answer[2] = UInt8(17 + 10)
        let observations = try DVRIPDissector.legacyDiscovery(answer, source: EvidenceSource())
        let byField = Dictionary(observations.map { ($0.field, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(byField[ObservationField.dahuaLegacyModel] == "DH-NVR4104")
        #expect(byField[ObservationField.dahuaLegacySerial] == "4J01234PAG00001")
        #expect(byField[ObservationField.dahuaLegacyVersion] == "4.001.0000000.1.R")
        #expect(byField[ObservationField.dahuaLegacyDeviceClass] == "NVR")
        #expect(observations.count == 7)
    }

    /// A published copy without section 1 (Tests/Fixtures/evaluation/round20.jsonl,
    /// ev20-dhmcp-nvr1108-1, from a test of the dahua-device-mcp package): section 2 right after
    /// the first eight bytes, then section 3.
    @Test func shortenedDahuaLegacyAnswerIsRead() throws {
        let hex = "b30032340135380033303a64643a61613a65633a33663a376344482d4e56523131303848432d484453344e616d653a4e56522d413445322d01004465766963653a4e56520d0a53657269616c4e6f3a4243304535323550414a33413445320d0a56657273696f6e3a342e3030312e314552543030332e302e520d0a44657669636549443a0d0a53657269616c4d6f64656c3a0d0a53534c506f72743a3434330d0a"
        let bytes = try #require(ProtocolDissector.bytes(fromHex: hex))
        let observations = try DVRIPDissector.legacyDiscovery(bytes, source: EvidenceSource())
        #expect(observations.map(\.field) == [
            ObservationField.dahuaLegacyMAC, ObservationField.macAddress, ObservationField.dahuaLegacyModel,
            ObservationField.dahuaLegacyDeviceClass, ObservationField.dahuaLegacySerial, ObservationField.dahuaLegacyVersion,
        ])
        #expect(observations.map(\.value) == ["30:dd:aa:ec:3f:7c", "30:dd:aa:ec:3f:7c", "DH-NVR1108HC-HDS4", "NVR", "BC0E525PAJ3A4E2", "4.001.1ERT003.0.R"])
        // Without a MAC where section 2 would start, a short answer is refused.
        var noMAC = bytes
        noMAC[10] = UInt8(ascii: "x")
        #expect(throws: DissectError.self) { try DVRIPDissector.legacyDiscovery(noMAC, source: EvidenceSource()) }
        // A section 2 longer than what is there.
        #expect(throws: DissectError.self) { try DVRIPDissector.legacyDiscovery(Array(bytes.prefix(40)), source: EvidenceSource()) }
    }

    /// Random bytes behind the 0xB3 magic (the soak's flood) used to yield a new "name" per packet,
    /// and a sender's evidence grew without end. Seeded, so the outcome is the same every run.
    @Test func randomBytesAfterTheMagicGiveNoDahuaLegacyName() {
        var state: UInt64 = 0x5EED_5050
        func next() -> UInt8 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        var named = 0
        for _ in 0..<10_000 {
            let bytes = [0xB3, 0, 0, 0] + (0..<(116 + Int(next()) * 5)).map { _ in next() }
            if let observations = try? DVRIPDissector.legacyDiscovery(bytes, source: EvidenceSource()), !observations.isEmpty { named += 1 }
        }
        #expect(named <= 5, "\(named) of 10,000 random answers gave observations")
    }
}
