import CamAuditModel
import Foundation
import Testing
@testable import CamAuditCapture
@testable import CamAuditDissectors

/// Evidence beyond the discovery protocols: TLS handshakes (certificate and server name), the
/// User-Agent of a device's own HTTP requests, NTP, LLDP and CDP.
@Suite struct ClientAndLinkEvidenceTests {
    static let camera = FixtureBuilder.Host(mac: "c0:56:e3:aa:bb:01", ip: "10.77.3.21")
    static let server = FixtureBuilder.Host(mac: "02:77:00:00:00:fe", ip: "10.77.0.254")

    func values(_ report: DeviceReport?, _ field: String) -> [String] {
        report?.observations.filter { $0.field == field }.map(\.value) ?? []
    }

    /// A real TLS 1.2 handshake captured on loopback (Tests/Fixtures/README.md): `openssl
    /// s_client -servername dev.hik-connect.com` against `openssl s_server` with a certificate
    /// whose subject is the Hikvision firmware one protocols.md §4.8 quotes.
    @Test func tlsHandshakeGivesCertificateAndServerName() throws {
        let (_, reports) = try Run.site("tls-handshake.pcap")
        let host = try #require(reports.first)
        #expect(values(host, ObservationField.tlsServerName) == ["dev.hik-connect.com"])
        #expect(values(host, ObservationField.tlsSubject) == ["C=CN,ST=ZJ,L=HZ,O=HIKVISION,OU=HZ,CN=hikvision.com"])
        #expect(values(host, ObservationField.tlsNotBefore).first?.hasSuffix(" GMT") == true)
        #expect(host.classification.identity.maker == "hikvision")
        #expect(host.observations.filter { $0.field == ObservationField.tlsSubject }.allSatisfy { $0.source.kind == .passive })
    }

    @Test func everyCutOfTheHandshakeIsSafe() throws {
        let reader = try PcapFileReader(path: FixtureBuilder.fixtureDirectory.appendingPathComponent("tls-handshake.pcap").path)
        var frames: [[UInt8]] = []
        while let packet = try reader.next() { frames.append(packet.data) }
        #expect(frames.count == 14)
        for frame in frames where frame.count > 66 {
            for cut in stride(from: 54, to: frame.count, by: 7) {
                var damaged = Array(frame.prefix(cut))
                _ = Run.frames([damaged], linkType: LinkType.ethernet)
                damaged = frame
                damaged[cut] ^= 0xFF
                _ = Run.frames([damaged], linkType: LinkType.ethernet)
            }
        }
    }

    @Test func deviceUserAgentAndNTPServer() {
        let request = Array("GET /api/check HTTP/1.1\r\nHost: update.example\r\nUSER-AGENT:  Hikvision-Webs/1.0 \r\n\r\n".utf8)
        let flags: UInt8 = Frames.psh | Frames.ackFlag
        let get: [UInt8] = Frames.tcp(from: Self.camera, to: Self.server, sourcePort: 40001, destinationPort: 80, sequence: 1, ack: 1, flags: flags, payload: request, id: 1)
        // NTP v4 client request (LI 0, VN 4, mode 3), then the server's reply (mode 4).
        let zeros = [UInt8](repeating: 0, count: 47)
        let ntpRequest: [UInt8] = Frames.udp(from: Self.camera, to: Self.server, sourcePort: 123, destinationPort: 123, payload: [0x23] + zeros, id: 2)
        let ntpReply: [UInt8] = Frames.udp(from: Self.server, to: Self.camera, sourcePort: 123, destinationPort: 123, payload: [0x24] + zeros, id: 3)
        let frames = [get, ntpRequest, ntpReply]
        let (_, reports) = Run.frames(frames)
        let camera = Run.report(reports, mac: Self.camera.mac)
        #expect(values(camera, ObservationField.httpUserAgent) == ["Hikvision-Webs/1.0"])
        #expect(values(camera, ObservationField.httpRequestTarget) == ["/api/check"])
        #expect(values(camera, ObservationField.httpRequestHost) == ["update.example"])
        #expect(values(camera, ObservationField.ntpServer) == ["10.77.0.254"])
        #expect(values(Run.report(reports, mac: Self.server.mac), ObservationField.ntpServer).isEmpty)
    }

    /// LLDP with system name/description and LLDP-MED inventory, laid out per IEEE 802.1AB and
    /// ANSI/TIA-1057; CDP per Cisco's published TLV list.
    static func lldpFrame() -> [UInt8] {
        func tlv(_ type: Int, _ value: [UInt8]) -> [UInt8] {
            [UInt8(type << 1 | value.count >> 8), UInt8(value.count & 0xFF)] + value
        }
        let med: (UInt8, String) -> [UInt8] = { subtype, text in tlv(127, [0x00, 0x12, 0xBB, subtype] + Array(text.utf8)) }
        let mac: [UInt8] = Frames.macBytes(camera.mac)
        var body: [UInt8] = tlv(1, [4] + mac)
        body += tlv(2, [3] + mac)
        body += tlv(3, [0, 120])
        body += tlv(5, Array("lobby-cam".utf8))
        body += tlv(6, Array("IP camera firmware V5.7.3".utf8))
        body += med(9, "Hikvision")
        body += med(10, "DS-2CD2143G2-I")
        body += med(8, "G12345678")
        body += tlv(0, [])
        return Frames.ethernet(from: camera.mac, to: "01:80:c2:00:00:0e", type: 0x88CC, payload: body)
    }

    static func cdpFrame() -> [UInt8] {
        func tlv(_ type: UInt16, _ text: String) -> [UInt8] {
            Frames.be16(type) + Frames.be16(UInt16(4 + text.utf8.count)) + Array(text.utf8)
        }
        var body: [UInt8] = [0xAA, 0xAA, 0x03, 0x00, 0x00, 0x0C, 0x20, 0x00, 2, 180, 0, 0]
        body += tlv(1, "SEP-CAM-7")
        body += tlv(6, "NVR4108HS")
        body += tlv(5, "V2.800")
        var frame = Frames.macBytes("01:00:0c:cc:cc:cc") + Frames.macBytes("02:77:00:00:00:07")
        frame += Frames.be16(UInt16(body.count)) + body
        return frame
    }

    @Test func lldpAndCDPNameTheirSender() {
        let (_, reports) = Run.frames([Self.lldpFrame(), Self.cdpFrame()])
        let camera = Run.report(reports, mac: Self.camera.mac)
        #expect(values(camera, ObservationField.lldpSystemName) == ["lobby-cam"])
        #expect(values(camera, ObservationField.lldpSystemDescription) == ["IP camera firmware V5.7.3"])
        #expect(values(camera, ObservationField.lldpManufacturer) == ["Hikvision"])
        #expect(values(camera, ObservationField.lldpModel) == ["DS-2CD2143G2-I"])
        #expect(values(camera, ObservationField.lldpSerial) == ["G12345678"])
        // The LLDP-MED manufacturer and model go through the same fingerprints as ONVIF and SADP.
        #expect(camera?.classification.identity.maker == "hikvision")
        #expect(camera?.classification.identity.model == "DS-2CD2143G2-I")
        let cisco = Run.report(reports, mac: "02:77:00:00:00:07")
        #expect(values(cisco, ObservationField.cdpDeviceID) == ["SEP-CAM-7"])
        #expect(values(cisco, ObservationField.cdpPlatform) == ["NVR4108HS"])
        #expect(values(cisco, ObservationField.cdpSoftware) == ["V2.800"])
    }

    @Test func truncatedLinkAnnouncementsAreCountedNotFatal() {
        for frame in [Self.lldpFrame(), Self.cdpFrame()] {
            for cut in 14..<frame.count {
                _ = Run.frames([Array(frame.prefix(cut))])
            }
        }
        let cut = Array(Self.cdpFrame().prefix(30))
        let (analyzer, _) = Run.frames([cut])
        #expect(analyzer.counters.totalDecodeErrors >= 1)
    }

    @Test func clientHelloWithoutServerNameGivesNothing() throws {
        // ClientHello: version, random, empty session id, one suite, null compression, no extensions.
        var hello: [UInt8] = [0x03, 0x03]
        hello += [UInt8](repeating: 7, count: 32)
        hello += [0, 0, 2, 0x13, 0x01, 1, 0, 0, 0]
        let message: [UInt8] = [1, 0, 0, UInt8(hello.count)] + hello
        let record: [UInt8] = [22, 3, 1, 0, UInt8(message.count)] + message
        #expect(try TLSHandshakeDissector.clientHello(record, source: EvidenceSource()).isEmpty)
        #expect(throws: DissectError.self) { try TLSHandshakeDissector.clientHello([23, 3, 3, 0, 1, 0], source: EvidenceSource()) }
    }
}
