@testable import CamAuditCapture
import Foundation
import Testing

/// A capture that runs for months keeps today's senders, not every sender it ever saw.
@Suite struct ForgetDevicesTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    static func frame(from host: FixtureBuilder.Host, id: UInt16) -> [UInt8] {
        Frames.udp(from: host, to: FixtureBuilder.broadcast, sourcePort: 40_000, destinationPort: 40_001, payload: [1, 2, 3], id: id)
    }

    @Test func silentSendersAreForgottenAndStartAfreshWhenTheyReturn() {
        let analyzer = PassiveAnalyzer()
        let visitor = Self.frame(from: FixtureBuilder.workstation, id: 1)
        let camera = Self.frame(from: FixtureBuilder.hikIntercom, id: 2)
        analyzer.ingest(visitor, linkType: LinkType.ethernet, time: Self.start, file: "t", packetNumber: 1)
        analyzer.ingest(camera, linkType: LinkType.ethernet, time: Self.start, file: "t", packetNumber: 2)
        analyzer.ingest(camera, linkType: LinkType.ethernet, time: Self.start + 7200, file: "t", packetNumber: 3)
        #expect(analyzer.deviceCount == 2)

        #expect(analyzer.forgetDevices(notSeenSince: Self.start + 3600) == 1)
        #expect(analyzer.snapshot().map { $0.mac?.description } == ["c0:56:e3:aa:bb:cc"])
        #expect(analyzer.forgetDevices(notSeenSince: Self.start + 3600) == 0)

        analyzer.ingest(visitor, linkType: LinkType.ethernet, time: Self.start + 7300, file: "t", packetNumber: 4)
        let returned = analyzer.snapshot().first { $0.mac?.description == "02:77:00:00:00:0a" }
        #expect(returned?.firstSeen == Self.start + 7300)
    }
}
