import CamAuditFleet
import Foundation
import Testing

/// Records that say what they answered: SETUP and PLAY answers are not met by a read-only scan;
/// realms and ONVIF elements given alone are put in the message a device sends.
@Suite struct ReplayAdaptationTests {
    static let truth = DeviceTruth(maker: "dahua", brand: "Lorex", model: nil, deviceType: "doorbell", covered: true)

    static func host(_ records: [ReplayRecord]) -> ReplayHost {
        ReplayHost.build(name: "r001", address: "10.77.1.2", index: 1, truth: truth, records: records)
    }

    @Test func setupAndPlayAnswersAreNotElicitedAndARealmParameterStaysOne() throws {
        let setup = ReplayRecord(id: "s", protocolName: "rtsp", port: 554, bytes: Array("RTSP/1.0 200 OK\r\nCseq: 5\r\nTransport: RTP/AVP/TCP;unicast\r\n\r\n".utf8), note: "")
        let realm = ReplayRecord(id: "r", protocolName: "www-authenticate", port: 554, bytes: Array(#"realm="Login to ND032206020280""#.utf8), note: "")
        let host = Self.host([setup, realm])
        #expect(host.placements[0].placement == .notElicited("answers SETUP or PLAY, which the scanner never sends (it sets up no stream)"))
        let answer = try #require(host.device.documentedAnswers.first { $0.protocolName == "rtsp" })
        #expect(String(decoding: answer.bytes, as: UTF8.self).contains("WWW-Authenticate: Digest realm=\"Login to ND032206020280\"\r\n"))
    }

    @Test func anONVIFAnswerElementAloneIsPutInAnEnvelope() {
        let element = "<tds:GetDeviceInformationResponse><tds:Manufacturer>HIKVISION</tds:Manufacturer></tds:GetDeviceInformationResponse>"
        let host = Self.host([ReplayRecord(id: "o", protocolName: "onvif-getdeviceinformation", port: 8100, bytes: Array(element.utf8), note: "")])
        #expect(host.placements[0].placement == .served(at: "tcp/80 POST /onvif/device_service GetDeviceInformation", adapted: "the answer element put in a SOAP Envelope, in a 200"))
    }

    @Test func nmapHexEscapesInCertificateNamesBecomeTheirBytes() throws {
        let names = try #require(ReplayCertificateNames(#"Subject: CN=192.168.2.70, C=CN\#nIssuer: CN=Dahua\xC2\xA0Device\xC2\xA0NVR\xC2\xA0CA, O=Zhejiang\xC2\xA0Dahua\xC2\xA0Technology\xC2\xA0Co.,Ltd., C=CN"#))
        #expect(names.issuer.map(\.value) == ["Dahua\u{A0}Device\u{A0}NVR\u{A0}CA", "Zhejiang\u{A0}Dahua\u{A0}Technology\u{A0}Co.,Ltd.", "CN"])
    }
}
