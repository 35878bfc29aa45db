import CamAuditDissectors
import CamAuditModel
import Testing

/// What a host's own HTTP requests say: the target (secrets masked), the Host, the User-Agent.
@Suite struct HTTPRequestTests {
    let source = EvidenceSource(kind: .passive, protocolName: "http-request", port: 80, reference: "t")

    func fields(_ request: String) throws -> [String: [String]] {
        let observations = try ProtocolDissector.dissect(protocol: "http-request", payload: Array(request.utf8), source: source)
        return Dictionary(grouping: observations, by: \.field).mapValues { $0.map(\.value) }
    }

    @Test func aCloudRegistrationGivesItsTargetAndHost() throws {
        // evaluation ev10-iotls-amcrest-2: an Amcrest camera's P2P registration, as captured.
        let request = "GET /p2pdev/update?oemid=0&type=IPC&version=2.520&devid=AMC020SC43PJ749D66&privPort=37777&httpPort=80&rtspPort=554&server=dhp2p&webver=2.420.0&manufacturer=Amcrest&webSpec=IPC2.420&webSubVer=0 HTTP/1.1\r\nHost: amcrestview.com\r\n\r\n"
        let found = try fields(request)
        #expect(found[ObservationField.httpRequestTarget] == ["/p2pdev/update?oemid=0&type=IPC&version=2.520&devid=AMC020SC43PJ749D66&privPort=37777&httpPort=80&rtspPort=554&server=dhp2p&webver=2.420.0&manufacturer=Amcrest&webSpec=IPC2.420&webSubVer=0"])
        #expect(found[ObservationField.httpRequestHost] == ["amcrestview.com"])
        #expect(found[ObservationField.httpUserAgent] == nil)
    }

    @Test func secretLookingParametersKeepOnlyTheirNames() throws {
        let found = try fields("GET /cgi-bin/login.cgi?user=admin&password=hunter2&Token=abc&authcode=9&x=1 HTTP/1.1\r\nHost: 10.0.0.5\r\n\r\n")
        #expect(found[ObservationField.httpRequestTarget] == ["/cgi-bin/login.cgi?user=admin&password=…&Token=…&authcode=…&x=1"])
    }

    @Test func aPersonsBrowsingKeepsOnlyItsUserAgent() throws {
        for header in ["Cookie: a=b", "Referer: http://x/", "Accept-Language: en-GB", "Sec-Fetch-Mode: navigate", "Authorization: Basic YTpi"] {
            let found = try fields("GET /search?q=homework HTTP/1.1\r\nHost: www.example.org\r\nUser-Agent: Mozilla/5.0\r\n\(header)\r\n\r\n")
            #expect(found[ObservationField.httpRequestTarget] == nil, "\(header)")
            #expect(found[ObservationField.httpRequestHost] == nil, "\(header)")
            #expect(found[ObservationField.httpUserAgent] == ["Mozilla/5.0"], "\(header)")
        }
    }

    @Test func aTargetThatIsNoPathIsNotRecorded() throws {
        // An absolute-form target (a proxy request) or an asterisk carries no path of the host's own.
        #expect(try fields("GET http://example.com/ HTTP/1.1\r\n\r\n")[ObservationField.httpRequestTarget] == nil)
        #expect(try fields("OPTIONS * HTTP/1.1\r\n\r\n")[ObservationField.httpRequestTarget] == nil)
        #expect(throws: DissectError.self) { try fields("BREW /pot HTTP/1.1\r\n\r\n") }
    }
}
