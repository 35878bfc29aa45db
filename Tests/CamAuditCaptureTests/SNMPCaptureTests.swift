@testable import CamAuditCapture
import CamAuditModel
import Foundation
import Testing

/// SNMP answers crossing a monitoring system's segment: the agent's system group names its
/// maker. Values are LibreNMS's walk of a Hikvision recorder (evaluation records ev-lnms-1/-2)
/// in a GetResponse laid out per RFC 3416.
@Suite struct SNMPCaptureTests {
    typealias Host = FixtureBuilder.Host
    static let recorder = Host(mac: "02:77:00:00:01:61", ip: "10.77.5.61")
    static let poller = Host(mac: "02:77:00:00:00:0b", ip: "10.77.0.11")

    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] { [tag, UInt8(content.count)] + content }

    static func getResponse(requestID: UInt8) -> [UInt8] {
        let sysDescr = tlv(0x30, tlv(0x06, [0x2B, 6, 1, 2, 1, 1, 1, 0]) + tlv(0x04, Array("Hikvision company products".utf8)))
        let sysObjectID = tlv(0x30, tlv(0x06, [0x2B, 6, 1, 2, 1, 1, 2, 0]) + tlv(0x06, [0x2B, 6, 1, 4, 1, 0x83, 0x86, 0x51]))
        let pdu = tlv(0xA2, tlv(0x02, [requestID]) + tlv(0x02, [0]) + tlv(0x02, [0]) + tlv(0x30, sysDescr + sysObjectID))
        return tlv(0x30, tlv(0x02, [1]) + tlv(0x04, Array("public".utf8)) + pdu)
    }

    @Test func anAgentsAnswerNamesItsMakerAndThePollNothing() {
        let poll = Self.tlv(0x30, Self.tlv(0x02, [1]) + Self.tlv(0x04, Array("public".utf8)) + Self.tlv(0xA0, Self.tlv(0x02, [7]) + Self.tlv(0x02, [0]) + Self.tlv(0x02, [0]) + Self.tlv(0x30, [])))
        let frames = [
            Frames.udp(from: Self.poller, to: Self.recorder, sourcePort: 50_161, destinationPort: 161, payload: poll, id: 1),
            Frames.udp(from: Self.recorder, to: Self.poller, sourcePort: 161, destinationPort: 50_161, payload: Self.getResponse(requestID: 7), id: 2),
            Frames.udp(from: Self.recorder, to: Self.poller, sourcePort: 161, destinationPort: 50_161, payload: Self.getResponse(requestID: 8), id: 3),
        ]
        let analyzer = PassiveAnalyzer()
        for (index, frame) in frames.enumerated() {
            analyzer.ingest(frame, linkType: LinkType.ethernet, time: Date(timeIntervalSince1970: 1_790_000_000 + Double(index)), file: "t", packetNumber: index + 1)
        }
        let devices = analyzer.finish()
        let recorder = devices.first { $0.addresses.contains(IPAddress(Self.recorder.ip)!) }
        #expect(recorder?.classification.identity.maker == "hikvision")
        #expect(recorder?.classification.verdict == .covered)
        #expect(recorder?.observations.filter { $0.field == ObservationField.snmpSysObjectID }.map(\.value) == ["1.3.6.1.4.1.50001"])
        let poller = devices.first { $0.addresses.contains(IPAddress(Self.poller.ip)!) }
        #expect(poller?.observations.contains { $0.field.hasPrefix("snmp.") } == false)
    }

    @Test func theDefaultLiveFilterKeepsAgentsAnswers() {
        let expression = CaptureFilter.defaultExpression(linkType: LinkType.ethernet)
        #expect(expression.contains("udp src port 161"))
        #expect(CaptureFilter.problem(compiling: expression) == nil)
    }
}
