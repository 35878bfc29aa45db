@testable import CamAuditCapture
import Foundation
import Testing

/// Senders that invent a new string in every packet cannot grow the analyser's memory past
/// its evidence budget; forgetting silent senders gives the budget back.
@Suite struct EvidenceBudgetTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    /// An SSDP announcement whose SERVER header differs every time: one new observation each.
    static func announcement(from host: FixtureBuilder.Host, number: Int) -> [UInt8] {
        let text = "NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nSERVER: Linux/3.10 UPnP/1.0 Invented/\(number)\r\nNTS: ssdp:alive\r\n\r\n"
        return Frames.udp(from: host, to: FixtureBuilder.broadcast, sourcePort: 1900, destinationPort: 1900, payload: Array(text.utf8), id: UInt16(truncatingIfNeeded: number))
    }

    @Test func inventedStringsStopAtTheBudgetAndForgettingReturnsIt() {
        var options = PassiveAnalyzer.Options()
        options.maximumEvidenceBytes = 5_000
        let analyzer = PassiveAnalyzer(options: options)
        for number in 0..<400 {
            let host = number % 2 == 0 ? FixtureBuilder.workstation : FixtureBuilder.hikIntercom
            analyzer.ingest(Self.announcement(from: host, number: number), linkType: LinkType.ethernet, time: Self.start, file: "t", packetNumber: number + 1)
        }
        let counters = analyzer.counters
        #expect(counters.observationsDropped > 200, "\(counters)")
        // At most one observation past the budget is admitted (an entry here is under 120 bytes).
        #expect(analyzer.evidenceBytes >= 5_000 && analyzer.evidenceBytes < 5_120, "\(analyzer.evidenceBytes)")
        let held = analyzer.snapshot().reduce(0) { $0 + $1.observations.count }
        #expect(held + counters.observationsDropped >= 400)

        #expect(analyzer.forgetDevices(notSeenSince: Self.start + 1) == 2)
        #expect(analyzer.evidenceBytes == 0)
        analyzer.ingest(Self.announcement(from: FixtureBuilder.workstation, number: 1000), linkType: LinkType.ethernet, time: Self.start + 2, file: "t", packetNumber: 401)
        #expect(analyzer.counters.observationsDropped == counters.observationsDropped)
        #expect(analyzer.evidenceBytes > 0)
    }
}
