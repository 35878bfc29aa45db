import CamAuditFleet
import Foundation
import Testing

/// The fleet on loopback: real sockets, the recorded answers, the request log and its audit.
/// Binding ports 80 and 554 needs root (CI runs as root).
@Suite(.serialized) struct FleetServerTests {
    static let isRoot = geteuid() == 0

    func withFleet(_ body: ([FleetDevice], FleetRequestLog) async throws -> Void) async throws {
        let devices = try SimulatedDistrict.devices(base: "127.92.0.0")
        let log = try FleetRequestLog()
        let server = try await FleetServer.start(devices: devices, log: log)
        do {
            try await body(devices, log)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test(.enabled(if: isRoot, "binding ports 80 and 554 needs root; run the tests as root (CI does)"))
    func answersAsRecordedAndLogsEveryRequest() async throws {
        try await withFleet { devices, log in
            let camera = try #require(devices.first { $0.profile == "hik-ip-camera" })
            let page = try SocketClient.exchange(camera.address, 80, Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            let text = String(decoding: page.bytes, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 200 OK\r\nServer: App-webs/"))

            let rtsp = try SocketClient.exchange(camera.address, 554, Array("OPTIONS rtsp://\(camera.address)/ RTSP/1.0\r\nCSeq: 41\r\n\r\n".utf8), limit: 100, timeout: 1)
            #expect(String(decoding: rtsp.bytes, as: UTF8.self).contains("CSeq: 41\r\n"))

            let sadp = try #require(try SocketClient.datagram(camera.address, 37020, Array(#"<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>AAAA-1234</Uuid><Types>inquiry</Types></Probe>"#.utf8)))
            let answer = String(decoding: sadp, as: UTF8.self)
            #expect(answer.contains("<Uuid>AAAA-1234</Uuid>"))
            #expect(answer.contains("<DeviceDescription>DS-2CD2386G2-IU</DeviceDescription>"))
            // A state-changing SADP verb is logged, not answered.
            #expect(try SocketClient.datagram(camera.address, 37020, Array("<Probe><Uuid>B</Uuid><Types>update</Types></Probe>".utf8), timeout: 1) == nil)

            let sdk = try SocketClient.exchange(camera.address, 8000, [], limit: 16, timeout: 2)
            #expect(sdk.bytes == [0, 0, 0, 0x10, 0, 0, 0, 0x1e, 0, 0, 0, 0x1e, 0, 0, 0, 0])

            let entries = log.all.filter { $0.deviceAddress == camera.address }
            #expect(entries.contains { $0.protocolName == "http" && $0.method == "GET" && $0.path == "/" && $0.header("Host") == "x" })
            #expect(entries.contains { $0.protocolName == "rtsp" && $0.method == "OPTIONS" })
            #expect(entries.contains { $0.protocolName == "sadp" && $0.method == "inquiry" })
            #expect(log.violations.count == 1)
            #expect(log.violations.first?.reason.contains("SADP verb 'update'") == true)
        }
    }

    @Test(.enabled(if: isRoot, "binding ports 80 and 554 needs root; run the tests as root (CI does)"))
    func theAuditNamesLoginsVideoAndWrites() async throws {
        try await withFleet { devices, log in
            let camera = try #require(devices.first { $0.profile == "dahua-ip-camera" })
            _ = try SocketClient.exchange(camera.address, 554, Array("SETUP rtsp://\(camera.address)/cam/realmonitor?channel=1 RTSP/1.0\r\nCSeq: 3\r\n\r\n".utf8), limit: 10, timeout: 1)
            _ = try SocketClient.exchange(camera.address, 80, Array("GET /cgi-bin/snapshot.cgi HTTP/1.1\r\n\r\n".utf8))
            _ = try SocketClient.exchange(camera.address, 80, Array("PUT /cgi-bin/configManager.cgi HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi".utf8))
            _ = try SocketClient.exchange(camera.address, 80, Array("GET / HTTP/1.1\r\nAuthorization: Basic YWRtaW46YWRtaW4=\r\n\r\n".utf8))
            let login = #"{"method":"global.login","params":{"userName":"admin","password":""},"id":1}"#
            let challenge = try SocketClient.exchange(camera.address, 80, Array("POST /RPC2_Login HTTP/1.1\r\nContent-Length: \(login.utf8.count)\r\n\r\n\(login)".utf8))
            #expect(String(decoding: challenge.bytes, as: UTF8.self).contains(camera.mac.replacingOccurrences(of: ":", with: "").uppercased()))
            let reasons = log.violations.map(\.reason)
            #expect(reasons.count == 5, "\(reasons)")
            #expect(reasons.contains { $0.contains("RTSP SETUP") })
            #expect(reasons.contains { $0.contains("snapshot") })
            #expect(reasons.contains { $0.contains("HTTP PUT") })
            #expect(reasons.contains { $0.contains("Authorization") })
            #expect(reasons.contains { $0.contains("RPC2_Login") })
        }
    }

    @Test(.enabled(if: isRoot, "binding ports 80 and 554 needs root; run the tests as root (CI does)"))
    func awkwardHostsMisbehaveAsDesigned() async throws {
        try await withFleet { devices, _ in
            func host(_ profile: String) throws -> FleetDevice { try #require(devices.first { $0.profile == profile }) }
            let reset = try SocketClient.exchange(try host("resetting-host").address, 80, [])
            #expect(reset.bytes.isEmpty && reset.error == ECONNRESET, "errno \(reset.error)")
            let garbage = try SocketClient.exchange(try host("garbage-host").address, 554, [])
            #expect(garbage.bytes.count == 4096)
            let huge = try SocketClient.exchange(try host("huge-headers-host").address, 80, Array("GET / HTTP/1.1\r\n\r\n".utf8), limit: 2 << 20)
            #expect(huge.bytes.count > 1 << 20 - 2048)
            let endless = try SocketClient.exchange(try host("endless-body-host").address, 80, Array("GET / HTTP/1.1\r\n\r\n".utf8), limit: 3 << 20)
            #expect(endless.bytes.count >= 3 << 20)
            let silent = try SocketClient.exchange(try host("silent-host").address, 80, Array("GET / HTTP/1.1\r\n\r\n".utf8), timeout: 1)
            #expect(silent.bytes.isEmpty && silent.error == EAGAIN)
            let started = Date()
            // One byte every 400 ms: three bytes take at least 0.8 s.
            let slow = try SocketClient.exchange(try host("slow-host").address, 80, Array("GET / HTTP/1.1\r\n\r\n".utf8), limit: 3, timeout: 2)
            #expect(slow.bytes == Array("HTT".utf8))
            #expect(Date().timeIntervalSince(started) >= 0.75)
        }
    }
}
