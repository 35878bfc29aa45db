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
        // Generous: with every suite running at once on two cores a loopback device has taken
        // more than 1.5 s to answer (a DESCRIBE was lost that way).
        settings.timeout = 3
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
        // contains, not equals: other suites on this machine may answer discovery on loopback wildcards.
        #expect(result.discoveryAnswers.contains("sadp"))
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

    /// A silent SDK port is a web port waiting for its client: an intercom answering ISAPI on
    /// 8000 with port 80 closed (the ISAPI guide's 401, corpus ref-361bae361d).
    @Test func aSilentSDKPortIsAskedAsAWebPort() async throws {
        let host = "127.79.1.20"
        let intercom = try LoopbackTCPServer(host, port: 8000) { bytes in
            LoopbackTCPServer.httpStyleLength(bytes).map { ($0, Corpus.payload("ref-361bae361d")) }
        }
        defer { intercom.stop() }
        let report = try await Scanner.run(scope: try ScanScope(targets: [host]), settings: Self.fastSettings(ports: [8000]))
        let result = try #require(report.hosts.first)
        #expect(intercom.requestTexts.first?.hasPrefix("GET / HTTP/1.1") == true, "\(intercom.requestTexts)")
        #expect(intercom.requestTexts.allSatisfy { $0.hasPrefix("GET ") })
        #expect(result.observations.contains { $0.field == ObservationField.httpRealm && $0.value == "IP Camera(C2183)" })
        #expect(result.classification.identity.maker == "hikvision")
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
        #expect(result.discoveryAnswers.contains("dhip"))
        #expect(result.observations.contains { $0.field == ObservationField.dahuaDVRIPRealm && $0.value.hasPrefix("Login to ") })
        // The realm request and nothing else: `a0 01`, never the login codes `a0 00` / `a0 05`.
        #expect(dvrip.requests.count == 1)
        #expect(dvrip.requests.first.map { Array($0.prefix(2)) } == [0xA0, 0x01])
        #expect(dhip.requests.first.map { String(decoding: $0.dropFirst(32), as: UTF8.self) } == #"{"method":"DHDiscover.search","params":{"mac":"","uni":1}}"#)
    }

    /// SSDP answer → the description it names, fetched from the host itself and dissected.
    @Test func readsTheUPnPDescriptionTheSSDPAnswerNames() async throws {
        let host = "127.79.9.10"
        let answer = "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nLOCATION: http://\(host):18090/upnp/desc.xml\r\nSERVER: Linux/3.0 UPnP/1.0 IPCamera/1.0\r\nST: upnp:rootdevice\r\nUSN: uuid:00000000-0000-0000-0000-000000000001::upnp:rootdevice\r\n\r\n"
        let description = "<?xml version=\"1.0\"?><root xmlns=\"urn:schemas-upnp-org:device-1-0\"><device><deviceType>urn:schemas-upnp-org:device:Basic:1</deviceType><friendlyName>Lobby</friendlyName><manufacturer>Hikvision</manufacturer><modelName>DS-2CD2143G0-I</modelName></device></root>"
        let ssdp = try LoopbackUDPResponder(host, port: 1900, reply: Array(answer.utf8))
        let web = try LoopbackTCPServer(host, port: 18090) { bytes in
            LoopbackTCPServer.httpStyleLength(bytes).map { ($0, Array("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: \(description.utf8.count)\r\n\r\n\(description)".utf8)) }
        }
        defer { ssdp.stop(); web.stop() }
        // 18090 is not in the port list: the description is fetched because SSDP named it.
        let report = try await Scanner.run(scope: try ScanScope(targets: [host]), settings: Self.fastSettings(ports: [18091]))
        let result = try #require(report.hosts.first)
        #expect(web.requestTexts.count == 1 && web.requestTexts[0].hasPrefix("GET /upnp/desc.xml HTTP/1.1"), "\(web.requestTexts)")
        #expect(result.observations.contains { $0.field == ObservationField.upnpModelName && $0.value == "DS-2CD2143G0-I" })
        #expect(result.classification.identity.maker == "hikvision")
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

    /// A cancelled scan (daemon shutdown) starts no new host and returns what it finished.
    @Test func cancellationStopsStartingHosts() async throws {
        var settings = Self.fastSettings(ports: [18080])
        settings.concurrency = 2
        settings.udpDiscovery = false
        settings.globalRate = 100     // 254 connection attempts take 2.5 s at this cap
        let scope = try ScanScope(targets: ["127.79.10.0/24"])
        let task = Task { try await Scanner.run(scope: scope, settings: settings) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let report = try await task.value
        #expect(!report.hosts.isEmpty && report.hosts.count < 100, "\(report.hosts.count) hosts")
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
        let loopback = LocalInterface(name: "lo", address: ScanAddress("127.0.0.1")!, netmask: 0xFF00_0000, mac: nil, isLoopback: true)
        #expect(!udp.sendLocalSegment(ProbePayloads.dhipSearch, group: ScanAddress("127.79.4.2")!, port: 37810, interface: loopback))
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
                // ONVIF device-service reads only (the log names the operation, the wire carries <tds:Get…>).
                let operation = request.contains("<tds:") ? request.components(separatedBy: "<tds:").dropFirst().first ?? "" : request.components(separatedBy: " ").last ?? ""
                #expect(request.contains("/onvif/device_service") && operation.hasPrefix("Get"), "POST that is not an ONVIF Get*: \(request.prefix(200))")
            }
            for word in ["RPC2_LOGIN", "CURRENT_CONFIG", "?AUTH=", "WEBLANGUAGE", "<TYPES>UPDATE", "<TYPES>ACTIVATE"] {
                #expect(!upper.contains(word), "forbidden request: \(request.prefix(80))")
            }
        }
    }
}

/// HTTPS through libcurl: the device certificate is accepted and its subject, issuer and
/// validity become observations. The TLS server is Python's ssl module with a fixture certificate.
@Suite struct ScannerTLSTests {
    static let python3 = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        .map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Scans one TLS server that presents the fixture certificate and then answers the request
    /// with a 401, or (`answers` false) closes right after the handshake.
    /// `timeout`: a handshake with the Python server, while every other suite runs on the same
    /// two cores, has taken over 3 s (the certificate was then missing); a server that answers
    /// can be given longer at no cost when it is quick.
    static func scanTLSServer(address: String, port: Int, answers: Bool, timeout: Double = 3) async throws -> HostResult {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/tls")
        let server = """
        import socket, ssl, sys, threading
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((sys.argv[3], int(sys.argv[4])))
        listener.listen(16)
        listener.settimeout(180)  # gone on its own if the test cannot stop it
        print("ready", flush=True)
        # One thread a connection: the scanner's port probe may stay open while its TLS
        # request comes on another connection, and a handshake waiting on the first held up
        # the second past the scan's time-out on a loaded machine.
        def serve(client):
            try:
                client.settimeout(120)   # the scanner may be starved for a while in a full run
                tls = context.wrap_socket(client, server_side=True)
                if sys.argv[5] == "answer":
                    request = tls.recv(4096)
                    sys.stderr.write(request.split(b"\\r\\n")[0].decode() + "\\n")
                    tls.sendall(b'HTTP/1.1 401 Unauthorized\\r\\nContent-Length: 0\\r\\nWWW-Authenticate: Basic realm="DVRNVR"\\r\\n\\r\\n')
                tls.close()
            except Exception as error:
                sys.stderr.write("error %s\\n" % error)
        while True:
            client, _ = listener.accept()
            threading.Thread(target=serve, args=(client,), daemon=True).start()
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.python3))
        process.arguments = ["-c", server, fixtures.appendingPathComponent("hikvision-dvr.crt").path, fixtures.appendingPathComponent("hikvision-dvr.key").path,
                             address, String(port), answers ? "answer" : "handshake-only"]
        let out = Pipe()
        process.standardOutput = out
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        // SIGKILL: the test runner's blocked signal mask is inherited, so SIGTERM would wait.
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        let ready = out.fileHandleForReading.availableData
        try #require(String(decoding: ready, as: UTF8.self).contains("ready"), "the TLS server did not start: \(String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self))")

        var settings = ScannerLoopbackTests.fastSettings(ports: [UInt16(port)])
        settings.tlsPorts = [UInt16(port)]
        settings.udpDiscovery = false
        settings.timeout = timeout
        let report = try await Scanner.run(scope: try ScanScope(targets: [address]), settings: settings)
        return try #require(report.hosts.first)
    }

    @Test(.enabled(if: python3 != nil, "skipped: needs python3 for the TLS test server"), .timeLimit(.minutes(1)))
    func recordsTheDeviceCertificate() async throws {
        let result = try await Self.scanTLSServer(address: "127.79.6.10", port: 18443, answers: true, timeout: 15)
        let subject = result.observations.first { $0.field == ObservationField.tlsSubject }?.value
        #expect(subject?.contains("OU=DVRNVR") == true, "\(result.observations.map { "\($0.field)=\($0.value)" })")
        #expect(result.observations.contains { $0.field == ObservationField.tlsIssuer })
        #expect(result.observations.contains { $0.field == ObservationField.tlsNotAfter && $0.value.contains("21") })
        #expect(result.classification.identity.maker == "hikvision")
        #expect(result.classification.verdict == .covered)
    }

    /// A TLS port whose server never answers the HTTP request after the handshake (as the
    /// replay of a Dahua NVR's certificate showed): the certificate still counts.
    @Test(.enabled(if: python3 != nil, "skipped: needs python3 for the TLS test server"), .timeLimit(.minutes(1)))
    func keepsTheCertificateWhenNoHTTPAnswerFollows() async throws {
        let result = try await Self.scanTLSServer(address: "127.79.6.11", port: 18444, answers: false)
        #expect(result.observations.contains { $0.field == ObservationField.tlsSubject && $0.value.contains("OU=DVRNVR") }, "\(result.observations.map { "\($0.field)=\($0.value)" })")
        #expect(!result.observations.contains { $0.field == ObservationField.httpStatus })
        #expect(result.classification.identity.maker == "hikvision")
    }
}

/// ONVIF device-service calls on the first open web port: the four read-only operations in
/// order, and none after an answer that shows there is no ONVIF service.
@Suite struct ScannerONVIFTests {
    static func http(_ status: String, _ body: String, type: String = "application/soap+xml; charset=utf-8") -> [UInt8] {
        Array("HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
    }

    static let soapOK = #"<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><env:Body><tds:GetSystemDateAndTimeResponse/></env:Body></env:Envelope>"#

    @Test func asksTheDeviceServiceAndReadsDeviceInformation() async throws {
        let host = "127.79.7.10"
        let server = try LoopbackTCPServer(host, port: 8080) { bytes in
            guard let length = LoopbackTCPServer.httpStyleLength(bytes) else { return nil }
            let text = String(decoding: bytes[0..<length], as: UTF8.self)
            if text.hasPrefix("GET / ") { return (length, Self.http("200 OK", "<html><title>Web</title></html>", type: "text/html")) }
            if text.hasPrefix("GET ") { return (length, Self.http("404 Not Found", "", type: "text/html")) }
            if text.contains("GetDeviceInformation") {
                let body = String(decoding: Corpus.payload("pss-hik-ds2df7286-onvif-devinfo"), as: UTF8.self)
                return (length, Self.http("200 OK", body))
            }
            return (length, Self.http("200 OK", Self.soapOK))
        }
        defer { server.stop() }
        var settings = ScannerLoopbackTests.fastSettings(ports: [8080])
        settings.udpDiscovery = false
        let report = try await Scanner.run(scope: try ScanScope(targets: [host]), settings: settings)
        let result = try #require(report.hosts.first)
        #expect(result.classification.identity.maker == "hikvision")
        #expect(result.classification.identity.model == "DS-2DF7286-A")
        let posts = server.requestTexts.filter { $0.hasPrefix("POST ") }
        #expect(posts.count == 4)
        for (post, operation) in zip(posts, ["GetSystemDateAndTime", "GetServices", "GetCapabilities", "GetDeviceInformation"]) {
            #expect(post.hasPrefix("POST /onvif/device_service HTTP/1.1") && post.contains("<tds:\(operation)"), "\(post)")
        }
        ScannerLoopbackTests.expectReadOnly(server.requestTexts)
    }

    @Test func stopsWhenTheAnswerIsNotSOAP() async throws {
        let host = "127.79.7.11"
        let server = try LoopbackTCPServer(host, port: 8080) { bytes in
            LoopbackTCPServer.httpStyleLength(bytes).map { ($0, Self.http("404 Not Found", "<html>no</html>", type: "text/html")) }
        }
        defer { server.stop() }
        var settings = ScannerLoopbackTests.fastSettings(ports: [8080])
        settings.udpDiscovery = false
        let report = try await Scanner.run(scope: try ScanScope(targets: [host]), settings: settings)
        #expect(report.hosts.first?.status == .openUnidentified)
        #expect(server.requestTexts.filter { $0.hasPrefix("POST ") }.count == 1)
    }
}
