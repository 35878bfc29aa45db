import CamAuditDissectors
import CamAuditModel
import Testing

/// Answers as people bring them (scan exports, `curl -v`, other tools) give the same evidence
/// as the whole exchange. Values are corpus records' (Tests/Fixtures/corpus) cut the way
/// those exports cut them.
@Suite struct PastedFormsTests {
    let source = EvidenceSource(kind: .recorded, protocolName: "test", port: nil, reference: "t")

    func values(_ protocolName: String, _ text: String, _ field: String) throws -> [String] {
        try ProtocolDissector.dissect(protocol: protocolName, payload: Array(text.utf8), source: source)
            .filter { $0.field == field }.map(\.value)
    }

    // pss-hik-isapi-alertstream-401-c2183's challenge.
    let challenge = #"Digest qop="auth", realm="IP Camera(C2183)", nonce="4e5468694e7a42694e7a4d364f4449354d7a6b354d54513d", stale="FALSE""#

    @Test func aChallengeValueAloneGivesItsRealm() throws {
        #expect(try values("www-authenticate", challenge, ObservationField.httpRealm) == ["IP Camera(C2183)"])
        #expect(try values("www-authenticate", "WWW-Authenticate: " + challenge + "\r\n", ObservationField.httpRealm) == ["IP Camera(C2183)"])
        #expect(try values("www-authenticate", "\"IP Camera(C2183)\"", ObservationField.httpRealm) == ["IP Camera(C2183)"])
        #expect(try values("www-authenticate", "Basic", ObservationField.httpWWWAuthenticate) == ["Basic"])
        #expect(throws: DissectError.self) { try values("www-authenticate", " \r\n", ObservationField.httpRealm) }
    }

    @Test func headersWithoutAStatusLineAreHeaders() throws {
        let head = "Server:\r\nContent-Type: text/html\r\nWWW-Authenticate: \(challenge)\r\n"
        #expect(try values("http", head, ObservationField.httpRealm) == ["IP Camera(C2183)"])
        #expect(try values("http", head, ObservationField.httpHeaderNames) == ["Server,Content-Type,WWW-Authenticate"])
        // Bare LF and no final line end, as a banner export keeps it.
        #expect(try values("http", "Server: App-webs/\nContent-Length: 0", ObservationField.httpServer) == ["App-webs/"])
        // A body that only looks like a header stays a body.
        #expect(try values("http", "Error: no such page", ObservationField.httpServer).isEmpty)
        #expect(try values("http", "Error: no such page", ObservationField.httpBody) == ["Error: no such page"])
    }

    @Test func aCurlTranscriptIsReadAsTheAnswer() throws {
        let transcript = """
        *   Trying 192.0.2.10:80...
        * Connected to 192.0.2.10 (192.0.2.10) port 80 (#0)
        > GET /ISAPI/System/deviceInfo HTTP/1.1
        > Host: 192.0.2.10
        >
        < HTTP/1.1 401 Unauthorized
        < Server:
        < WWW-Authenticate: \(challenge)
        <
        * Connection #0 to host 192.0.2.10 left intact
        """
        #expect(try values("http", transcript, ObservationField.httpRealm) == ["IP Camera(C2183)"])
        #expect(try values("http", transcript, ObservationField.httpStatus) == ["401"])
    }

    // pss-dh-37810-notifydevinfo-hdw5421s without its 32-byte header.
    let dhipBody = #"{ "mac" : "4c:11:bf:c2:0b:9d", "method" : "client.notifyDevInfo", "params" : { "deviceInfo" : { "DeviceClass" : "IPC", "DeviceType" : "IPC-HDW5421S", "Manufacturer" : "Private", "SerialNo" : "1F006E4PAX00075", "Vendor" : "Dahua", "Version" : "2.400.0.8" } } }"#

    @Test func aDHIPBodyWithoutItsHeaderGivesTheSameEvidence() throws {
        #expect(try values("dhip", dhipBody, ObservationField.dhipMethod) == ["client.notifyDevInfo"])
        #expect(try values("dhip", dhipBody + "\n\u{0}", ObservationField.dhipDeviceType) == ["IPC-HDW5421S"])
        let overHTTP = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + dhipBody
        #expect(try values("dhip", overHTTP, ObservationField.dhipSerial) == ["1F006E4PAX00075"])
        #expect(throws: DissectError.self) { try values("dhip", "hello", ObservationField.dhipMethod) }
        #expect(throws: DissectError.self) { try values("dhip", "{ not json", ObservationField.dhipMethod) }
    }

    @Test func aDHIPFramedLoginChallengeOnTCP37777GivesItsRealm() throws {
        // ref-28112acb3e's challenge (its authorization value left out: the corpus's is not the
        // source's), in the DHIP framing newer firmware uses on 37777 (header as ref-9c00d2bf5a's).
        let json = Array(#"{"error":{"code":268632079,"message":"Component error: login challenge!"},"id":1,"params":{"encryption":"Default","mac":"3CEF8C6101C0","random":"3734299","realm":"Login to 4C045ADPAG60CD"},"result":false,"session":1005027323}"#.utf8)
        let length = UInt32(json.count)
        let le: [UInt8] = [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)]
        let header: [UInt8] = [0x20, 0, 0, 0] + Array("DHIP".utf8) + [UInt8](repeating: 0, count: 8) + le + [0, 0, 0, 0] + le + [0, 0, 0, 0]
        let observations = try ProtocolDissector.dissect(protocol: "dahua-37777", payload: header + json, source: source)
        #expect(observations.filter { $0.field == ObservationField.dahuaRPCRealm }.map(\.value) == ["Login to 4C045ADPAG60CD"])
        #expect(observations.filter { $0.field == ObservationField.macAddress }.map(\.value) == ["3CEF8C6101C0"])
    }

    @Test func ISAPIOnTheSDKPortIsReadAsTheWebAnswer() throws {
        // ref-361bae361d's ISAPI 401 body, as an intercom answers it on TCP 8000.
        let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<userCheck>\n<statusValue>401</statusValue>\n<statusString>Unauthorized</statusString>\n</userCheck>\n"
        #expect(try values("hikvision-8000", body, ObservationField.httpBody).count == 1)
        #expect(try values("hikvision-8000", "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/xml\r\n\r\n" + body, ObservationField.httpStatus) == ["401"])
        // The binary greeting stays binary.
        #expect(try values("hikvision-8000", "\u{0}\u{0}\u{0}\u{10}abcdefghijkl", ObservationField.hikSDKReply).count == 1)
    }

    // The subject of Tests/Fixtures/tls/hikvision-dvr.crt, the one recog records.
    let expected = "C=CN,ST=ZheJiang,L=HangZhou,O=HIKVISION,OU=DVRNVR,CN=www.hikvision.com"

    @Test func certificateNamesInEveryPrintedForm() throws {
        let forms = [
            "Subject: C=CN, ST=ZheJiang, L=HangZhou, O=HIKVISION, OU=DVRNVR, CN=www.hikvision.com",
            "*  subject: C=CN; ST=ZheJiang; L=HangZhou; O=HIKVISION; OU=DVRNVR; CN=www.hikvision.com",
            "        Subject: C = CN, ST = ZheJiang, L = HangZhou, O = HIKVISION, OU = DVRNVR, CN = www.hikvision.com",
            "subject=/C=CN/ST=ZheJiang/L=HangZhou/O=HIKVISION/OU=DVRNVR/CN=www.hikvision.com",
            "CN=www.hikvision.com,OU=DVRNVR,O=HIKVISION,L=HangZhou,ST=ZheJiang,C=CN",
            "SUBJECT: c=CN, st=ZheJiang, l=HangZhou, o=HIKVISION, ou=DVRNVR, cn=www.hikvision.com",
        ]
        for form in forms {
            #expect(try values("tls-cert", form, ObservationField.tlsSubject) == [expected], "\(form)")
        }
        let text = """
        Certificate:
            Data:
                Issuer: C = CN, ST = ZheJiang, L = HangZhou, O = HIKVISION, OU = DVRNVR, CN = www.hikvision.com
                Validity
                    Not Before: Jan  1 00:00:00 2019 GMT
                Subject: C = CN, ST = ZheJiang, L = HangZhou, O = HIKVISION, OU = DVRNVR, CN = www.hikvision.com
        """
        #expect(try values("tls-cert", text, ObservationField.tlsIssuer) == [expected])
        #expect(try values("tls-cert", text, ObservationField.tlsNotBefore) == ["Jan  1 00:00:00 2019 GMT"])
        #expect(throws: DissectError.self) { try values("tls-cert", "hello world", ObservationField.tlsSubject) }
    }

    @Test func noBreakSpacesInANameAreSpaces() throws {
        // A Dahua NVR's CA as OpenSSL escapes it (evaluation record ev2-plum204-2), and the same
        // with the characters themselves.
        let escaped = #"Issuer: CN=Dahua\xC2\xA0Device\xC2\xA0NVR\xC2\xA0CA, O=Zhejiang\xC2\xA0Dahua\xC2\xA0Technology\xC2\xA0Co.,Ltd., C=CN"#
        // Most specific first (RFC 4514 order) is put country first; "Co.,Ltd." reads as the
        // certificate's own DER reading gives it.
        let expected = "C=CN,O=Zhejiang Dahua Technology Co.Ltd.,CN=Dahua Device NVR CA"
        #expect(try values("tls-cert", escaped, ObservationField.tlsIssuer) == [expected])
        let raw = "Issuer: CN=Dahua\u{00A0}Device\u{00A0}NVR\u{00A0}CA, O=Zhejiang\u{00A0}Dahua\u{00A0}Technology\u{00A0}Co.,Ltd., C=CN"
        #expect(try values("tls-cert", raw, ObservationField.tlsIssuer) == [expected])
        // OpenSSL's RFC 2253 printer (libcurl's certificate info): \C2\A0, and an escaped comma.
        let rfc2253 = #"Issuer: CN=Dahua\C2\A0Device\C2\A0NVR\C2\A0CA,O=Zhejiang\C2\A0Dahua\C2\A0Technology\C2\A0Co.\,Ltd.,C=CN"#
        #expect(try values("tls-cert", rfc2253, ObservationField.tlsIssuer) == [expected])
        // libcurl quotes a value that has a comma.
        let curl = #"Issuer: CN = Dahua Device NVR CA, O = "Zhejiang Dahua Technology Co.,Ltd.", C = CN"#
        #expect(try values("tls-cert", curl, ObservationField.tlsIssuer) == [expected])
    }

    @Test func objectIdentifiersInTheirPrintedForms() throws {
        for form in [".1.3.6.1.4.1.39165.1.1", "SNMPv2-MIB::sysObjectID.0 = OID: SNMPv2-SMI::enterprises.39165.1.1", "iso.3.6.1.4.1.39165.1.1\n"] {
            #expect(try values("snmp-sysobjectid", form, ObservationField.snmpSysObjectID) == ["1.3.6.1.4.1.39165.1.1"], "\(form)")
        }
        #expect(throws: DissectError.self) { try values("snmp-sysobjectid", "Hikvision", ObservationField.snmpSysObjectID) }
    }

    @Test func anUnknownProtocolNamesTheAcceptedOnes() {
        do {
            _ = try ProtocolDissector.dissect(protocol: "gopher", payload: [1], source: source)
            Issue.record("no error")
        } catch {
            #expect(error.message.contains("www-authenticate") && error.message.contains("http-body"))
        }
    }
}
