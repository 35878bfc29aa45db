import CamAuditCapture
import CamAuditModel
import Foundation
import Testing

/// What the inventory keeps of a host: a pupil's laptop that `--all` reports keeps no record
/// of the names it looked up, unless a fingerprint read one; a camera keeps everything.
@Suite struct RecordedObservationsTests {
    @Test func anUnidentifiedHostKeepsOnlyWhatAFingerprintRead() throws {
        let laptop = FixtureBuilder.Host(mac: "02:77:00:00:00:33", ip: "10.77.0.33")
        let camera = FixtureBuilder.Host(mac: "02:77:00:00:00:44", ip: "10.77.0.44")
        let frames = [
            Frames.udp(from: laptop, to: FixtureBuilder.router, sourcePort: 40001, destinationPort: 53, payload: Frames.dnsQuery("www.youtube.com", id: 1), id: 1),
            Frames.udp(from: laptop, to: FixtureBuilder.router, sourcePort: 40002, destinationPort: 53, payload: Frames.dnsQuery("devaccess.lechange.cn", id: 2), id: 2),
            Frames.udp(from: camera, to: FixtureBuilder.router, sourcePort: 40003, destinationPort: 53, payload: Frames.dnsQuery("dev.hik-connect.com", id: 3), id: 3),
            Frames.udp(from: camera, to: FixtureBuilder.router, sourcePort: 40004, destinationPort: 53, payload: Frames.dnsQuery("time.windows.com", id: 4), id: 4),
        ]
        let (_, reports) = Run.frames(frames)
        let unidentified = try #require(Run.report(reports, mac: laptop.mac))
        #expect(unidentified.classification.verdict == .unknown)
        let queried = unidentified.observations.filter { $0.field == ObservationField.dnsQuery }.map(\.value)
        #expect(Set(queried) == ["www.youtube.com", "devaccess.lechange.cn"])
        // The weak cloud-name hint is evidence and stays; the rest of the host's lookups do not.
        #expect(unidentified.recordedObservations.filter { $0.field == ObservationField.dnsQuery }.map(\.value) == ["devaccess.lechange.cn"])

        let identified = try #require(Run.report(reports, mac: camera.mac))
        #expect(identified.classification.verdict != .unknown)
        #expect(identified.recordedObservations.map(\.value) == identified.observations.map(\.value))
        #expect(identified.recordedObservations.contains { $0.value == "time.windows.com" })
    }
}
