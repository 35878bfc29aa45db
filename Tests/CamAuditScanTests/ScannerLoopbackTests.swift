import CamAuditModel
import Foundation
import Testing
@testable import CamAuditScan

/// The scanner against servers the tests start on 127.79.x.y, answering with recorded device
/// bytes: identification end to end through `Scanner.run`, and what was (never) sent.
@Suite struct ScannerLoopbackTests {
    static func fastSettings(ports: [UInt16]) -> ScanSettings {
        var settings = ScanSettings()
        settings.globalRate = 5000
        settings.hostRate = 5000
        settings.timeout = 0.4
        settings.ports = ports
        settings.arp = false
        return settings
    }

    /// A Hikvision camera: web 401 on 18080, RTSP on 8554, the SDK port 8000 and SADP.
    @Test func identifiesAHikvisionCameraAndSendsNothingForbidden() async throws {
        let host = "127.79.1.10"
        let web = try LoopbackTCPServer(host, port: 18080) { bytes in
            LoopbackTCPServer.httpStyleLength(bytes).map { ($0, Corpus.payload("ref-8262ee5f03")) }
        }
        let rtsp = try LoopbackTCPServer(host, port: 8554) { bytes in
            guard let length = LoopbackTCPServer.httpStyleLength(bytes) else { return nil }
            let options = "RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: OPTIONS, DESCRIBE, PLAY, PAUSE, SETUP, TEARDOWN, SET_PARAMETER, GET_PARAMETER\r\nDate:  Thu, May 14 2020 16:45:35 GMT\r\n\r\n"
            return (length, bytes.starts(with: Array("OPTIONS".utf8)) ? Array(options.utf8) : Corpus.payload("ref-5f984f6185"))
        }
        let sdk = try LoopbackTCPServer(host, port: 8000, greeting: Corpus.payload("ref-a9a42b0d4c"))
        let sadp = try LoopbackUDPResponder(host, port: 37020, reply: Corpus.payload("ref-05a3e32059"))
        defer { web.stop(); rtsp.stop(); sdk.stop(); sadp.stop() }

        let log = RequestLog()
        let scope = try ScanScope(targets: [host])
        let report = try await Scanner.run(scope: scope, settings: Self.fastSettings(ports: [18080, 8554, 8000]), log: log)
        let result = try #require(report.hosts.first)
        #expect(report.hosts.count == 1)
        #expect(result.status == .identified)
        #expect(result.classification.identity.maker == "hikvision")
        #expect(result.classification.verdict.coveredFlag == true)
        #expect(result.openPorts == [8000, 8554, 18080])
        #expect(result.discoveryAnswers == ["sadp"])
        let fields = Set(result.observations.map(\.field))
        for field in [ObservationField.httpRealm, ObservationField.rtspRealm, ObservationField.hikSDKReply, ObservationField.sadpDeviceDescription] {
            #expect(fields.contains(field), "missing \(field)")
        }
        #expect(result.observations.allSatisfy { $0.source.kind == .active })
        let json = result.json().serialized()
        for key in ["ip", "mac", "maker", "brand", "model", "firmware", "device_type", "verdict", "covered", "lists", "confidence", "evidence", "ports", "status"] {
            #expect(json.contains("\"\(key)\":"), "JSON lacks \(key)")
        }

        // What the devices received: only GETs, OPTIONS and DESCRIBE, no credentials, no stream set-up.
        let received = web.requestTexts + rtsp.requestTexts
        #expect(web.requestTexts.first?.hasPrefix("GET / HTTP/1.1") == true)
        #expect(rtsp.requestTexts.map { String($0.prefix(8)) } == ["OPTIONS ", "DESCRIBE"])
        #expect(sdk.requests.isEmpty, "the SDK port speaks first; nothing may be written to it")
        #expect(sadp.requests.count == 1 && String(decoding: sadp.requests[0], as: UTF8.self).contains("<Types>inquiry</Types>"))
        Self.expectReadOnly(received + log.entries.map(\.summary))
        #expect(log.entries.allSatisfy { scope.contains($0.address) })
    }

    /// A Dahua recorder seen through DHIP discovery and the 37777 realm request.
    @Test func identifiesADahuaDeviceFromDHIPAndDVRIP() async throws {
        let host = "127.79.2.10"
        let dhip = try LoopbackUDPResponder(host, port: 37810, reply: Corpus.payload("ref-9c00d2bf5a"))
        let dvrip = try LoopbackTCPServer(host, port: 37777) { bytes in
            bytes.count >= 32 ? (32, Corpus.payload("ref-de67accee3")) : nil
        }
        defer { dhip.stop(); dvrip.stop() }
        let report = try await Scanner.run(scope: try ScanScope(targets: [host]), settings: Self.fastSettings(ports: [37777]))
        let result = try #require(report.hosts.first)
        #expect(result.status == .identified)
        #expect(result.classification.identity.maker == "dahua")
        #expect(result.openPorts == [37777])
        #expect(result.discoveryAnswers == ["dhip"])
        #expect(result.observations.contains { $0.field == ObservationField.dahuaDVRIPRealm && $0.value.hasPrefix("Login to ") })
        // The realm request and nothing else: `a0 01`, never the login codes `a0 00` / `a0 05`.
        #expect(dvrip.requests.count == 1)
        #expect(dvrip.requests.first.map { Array($0.prefix(2)) } == [0xA0, 0x01])
        #expect(dhip.requests.first.map { String(decoding: $0.dropFirst(32), as: UTF8.self) } == #"{"method":"DHDiscover.search","params":{"mac":"","uni":1}}"#)
    }

    /// Hosts that refuse everything are `closed`; listening hosts outside the scope get nothing.
    @Test func nothingReachesAnAddressOutsideTheScope() async throws {
        let outside = try LoopbackTCPServer("127.79.3.2", port: 18080) { bytes in
            LoopbackTCPServer.httpStyleLength(bytes).map { ($0, Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".utf8)) }
        }
        let outsideUDP = try LoopbackUDPResponder("127.79.3.2", port: 37020, reply: Corpus.payload("ref-05a3e32059"))
        defer { outside.stop(); outsideUDP.stop() }
        let log = RequestLog()
        let scope = try ScanScope(targets: ["127.79.3.1-3"], exclusions: ["127.79.3.2"])
        let report = try await Scanner.run(scope: scope, settings: Self.fastSettings(ports: [18080]), log: log)
        #expect(report.hosts.map(\.address.description) == ["127.79.3.1", "127.79.3.3"])
        #expect(report.hosts.allSatisfy { $0.status == .closed })
        #expect(outside.connectionCount == 0)
        #expect(outsideUDP.requests.isEmpty)
        #expect(!log.entries.isEmpty && log.entries.allSatisfy { $0.address.description != "127.79.3.2" })
    }

    /// Defence in depth: the send sites refuse an out-of-scope destination whatever the caller asks.
    @Test func sendSitesRefuseOutOfScopeDestinations() async throws {
        let scope = try ScanScope(targets: ["127.79.4.1"])
        let gate = SendGate(scope: scope, limiter: RateLimiter(globalRate: 1000, hostRate: 1000, arpRate: 15))
        await #expect(throws: SendGate.OutOfScope.self) {
            try await gate.permit(ScanAddress("127.79.4.2")!, port: 80, transport: "tcp-connect", summary: "SYN")
        }
        try await gate.permit(ScanAddress("127.79.4.1")!, port: 80, transport: "tcp-connect", summary: "SYN")
        let listener = try LoopbackUDPResponder("127.79.4.2", port: 37810, reply: [1])
        defer { listener.stop() }
        let reactor = SocketReactor()
        let udp = UDPDiscovery(reactor: reactor, scope: scope)
        #expect(!udp.send(ProbePayloads.dhipSearch, to: ScanAddress("127.79.4.2")!, port: 37810))
        #expect(!udp.sendLocalSegment(ProbePayloads.dhipSearch, group: ScanAddress("127.79.4.2")!, port: 37810, interfaceAddress: ScanAddress("127.0.0.1")!))
        try await Task.sleep(for: .milliseconds(100))
        #expect(listener.requests.isEmpty)
        await udp.stop()
        reactor.stop()
    }

    /// No request carries credentials, sets up a stream or writes configuration.
    static func expectReadOnly(_ requests: [String]) {
        for request in requests {
            let upper = request.uppercased()
            #expect(!upper.contains("AUTHORIZATION:"), "credentials sent: \(request.prefix(80))")
            for method in ["SETUP ", "PLAY ", "RECORD ", "ANNOUNCE ", "PUT ", "DELETE "] {
                #expect(!upper.hasPrefix(method), "forbidden method: \(request.prefix(80))")
            }
            if upper.hasPrefix("POST ") {
                #expect(request.contains("/onvif/device_service") && request.contains(" Get"), "POST that is not an ONVIF Get*: \(request.prefix(80))")
            }
            for word in ["RPC2_LOGIN", "CURRENT_CONFIG", "?AUTH=", "WEBLANGUAGE", "<TYPES>UPDATE", "<TYPES>ACTIVATE"] {
                #expect(!upper.contains(word), "forbidden request: \(request.prefix(80))")
            }
        }
    }
}
