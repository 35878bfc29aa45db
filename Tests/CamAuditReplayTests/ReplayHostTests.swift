import CamAuditFleet
import Foundation
import Testing

/// How a real device's records become a replayed host: each answer where a scan meets it, with
/// the adaptation said, and what no scan elicits kept out.
@Suite struct ReplayHostTests {
    static let truth = DeviceTruth(maker: "dahua", brand: "Dahua", model: nil, deviceType: "camera", covered: true)

    static func record(_ id: String, _ protocolName: String, port: Int? = nil, _ text: String, note: String = "") -> ReplayRecord {
        ReplayRecord(id: id, protocolName: protocolName, port: port, bytes: Array(text.utf8), note: note)
    }

    static func host(_ records: [ReplayRecord], index: Int = 7) -> ReplayHost {
        ReplayHost.build(name: "r007", address: "10.77.1.8", index: index, truth: truth, records: records)
    }

    static func placement(_ host: ReplayHost, _ id: String) -> ReplayPlacement? {
        host.placements.first { $0.recordID == id }?.placement
    }

    static func httpAnswers(_ host: ReplayHost) -> [String] {
        host.device.documentedAnswers.filter { $0.protocolName == "http" }.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    @Test func bareBodyIsWrappedInA200AtThePathItsNoteNames() throws {
        let host = Self.host([
            Self.record("a", "dahua-cgi-systeminfo", port: 80, "deviceType=IPC-HDW\r\n", note: "Body of getSystemInfo"),
            Self.record("b", "http-body", port: 80, "vendor=Dahua\r\n", note: "Body of magicBox.cgi?action=getVendor from the same NVR"),
            Self.record("c", "http-body", port: 80, "<html>x</html>", note: "the start page"),
        ])
        #expect(Self.placement(host, "a") == .served(at: "tcp/80 GET /cgi-bin/magicBox.cgi?action=getSystemInfo", adapted: "a bare body wrapped in a 200"))
        #expect(Self.placement(host, "b") == .notElicited("answers magicBox.cgi?action=getVendor, which the scanner never requests"))
        #expect(Self.placement(host, "c") == .served(at: "tcp/80 GET /", adapted: "a bare body wrapped in a 200, no path recorded: stands for /"))
        let root = try #require(Self.httpAnswers(host).first)
        #expect(root == "HTTP/1.1 200 OK\r\nContent-Length: 14\r\nConnection: close\r\n\r\n<html>x</html>")
        #expect(host.device.tcpPorts == [80])
    }

    @Test func fullResponsesKeepTheirBytesAndBareHeadersGetAStatusLine() {
        let full = "HTTP/1.1 401 Unauthorized\r\nServer: App-webs/\r\n\r\n"
        let host = Self.host([Self.record("a", "http", full)])
        #expect(Self.httpAnswers(host) == [full])
        let bare = Self.host([Self.record("a", "http", "Server: TAS-Tech\nWWW-Authenticate: Basic realm=\"x\"")])
        #expect(Self.httpAnswers(bare) == ["HTTP/1.1 401 Unauthorized\r\nServer: TAS-Tech\r\nWWW-Authenticate: Basic realm=\"x\"\r\n\r\n"])
        #expect(Self.placement(bare, "a") == .served(at: "tcp/80 GET /", adapted: "CRLF line ends, bare headers given a status line, no path recorded: stands for /"))
    }

    @Test func challengesAnswerOnTheirProtocol() {
        let host = Self.host([
            Self.record("rtsp", "www-authenticate", port: 554, "Digest realm=\"IP Camera(C2189)\""),
            Self.record("web", "www-authenticate", port: 80, "AXIS_ACCC8E45256A"),
        ])
        #expect(host.device.tcpPorts == [80, 554])
        let rtsp = host.device.documentedAnswers.filter { $0.protocolName == "rtsp" }.map { String(decoding: $0.bytes, as: UTF8.self) }
        #expect(rtsp.first == "RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: Digest realm=\"IP Camera(C2189)\"\r\n\r\n")
        #expect(Self.httpAnswers(host).first?.contains("WWW-Authenticate: Digest realm=\"AXIS_ACCC8E45256A\"\r\n") == true)
    }

    @Test func bareDHIPJSONGetsItsHeaderAndDHIPOverTCPIsNotElicited() throws {
        let json = #"{"method":"client.notifyDevInfo","params":{"deviceInfo":{"DeviceClass":"HDCVI"}}}"#
        let host = Self.host([
            Self.record("udp", "dhip", port: 37810, json),
            Self.record("tcp", "dhip", port: 80, json),
        ])
        let answer = try #require(host.device.documentedAnswers.first { $0.protocolName == "dhip" }?.bytes)
        #expect(answer.count == 32 + json.utf8.count)
        #expect(Array(answer[0..<8]) == [0x20, 0, 0, 0] + Array("DHIP".utf8))
        #expect(Int(answer[16]) | Int(answer[17]) << 8 == json.utf8.count && answer[24] == answer[16])
        #expect(Array(answer[32...]) == Array(json.utf8))
        #expect(Self.placement(host, "tcp") == .notElicited("DHIP over TCP answers a login request the scanner never sends"))
    }

    @Test func macsComeFromTheRecordElseAreChosenPerDevice() {
        #expect(Self.host([Self.record("m", "mac-oui", "38:AF:29:BB:BC:AB")]).device.mac == "38:af:29:bb:bc:ab")
        #expect(Self.host([Self.record("m", "mac-oui", "A8:31:62")], index: 300).device.mac == "a8:31:62:5a:01:2c")
        #expect(Self.host([Self.record("r", "rtsp", "RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n")], index: 300).device.mac == "02:5a:00:5a:01:2c")
    }

    @Test func whatAScanCannotElicitMakesADeviceNotScannable() {
        let host = Self.host([
            Self.record("d", "dns-query", "litedev.sa.hilookview.com"),
            Self.record("s", "snmp-sysdescr", "Hikvision company products"),
            Self.record("h", "dhcp-vendor-class", "udhcp 1.22.1"),
            Self.record("e", "http-body", "<EventNotificationAlert version=\"2.0\"/>"),
        ])
        #expect(!host.scannable)
        #expect(host.device.tcp.isEmpty && host.device.udp.isEmpty)
        #expect(Self.host([Self.record("m", "mac-oui", "A8:31:62")]).scannable, "ARP answers with the MAC")
    }

    @Test func onvifAnswersStandForTheOperationTheyAnswer() {
        let info = "<s:Envelope><s:Body><tds:GetDeviceInformationResponse><tds:Manufacturer>IPCAM</tds:Manufacturer></tds:GetDeviceInformationResponse></s:Body></s:Envelope>"
        let stream = "<s:Envelope><s:Body><trt:GetStreamUriResponse/></s:Body></s:Envelope>"
        let host = Self.host([Self.record("i", "onvif-getdeviceinformation", info), Self.record("s", "onvif-soap", stream)])
        #expect(Self.placement(host, "i") == .served(at: "tcp/80 POST /onvif/device_service GetDeviceInformation", adapted: "the SOAP body in a 200"))
        #expect(Self.placement(host, "s") == .notElicited("answers GetStreamUriResponse, which the scanner never calls"))
    }

    @Test func rtspAnswersTakeTheRequestTheirNoteNames() {
        let describe = "RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nWWW-Authenticate: Digest realm=\"Login to 4K01\"\r\n\r\n"
        let options = "RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: Rtsp Server/3.0\r\n\r\n"
        let host = Self.host([
            Self.record("d", "rtsp", describe, note: "answer to DESCRIBE"),
            Self.record("o", "rtsp", options, note: "answer to OPTIONS"),
            Self.record("x", "rtsp", options),
        ])
        #expect(Self.placement(host, "d") == .served(at: "tcp/554 DESCRIBE", adapted: nil))
        #expect(Self.placement(host, "o") == .served(at: "tcp/554 OPTIONS", adapted: nil))
        #expect(Self.placement(host, "x")?.isServed == false)
    }
}
