@testable import CamAuditCapture
import Foundation
import Testing

/// The hand-over queue between the capture thread and the consumer is bounded in bytes, not
/// only in packets. Datagrams go to 127.0.0.1 only (network safety), captured on `lo`.
@Suite struct CaptureStreamTests {
    static let canCaptureOnLoopback = geteuid() == 0

    @Test func queuedBytesRefusesWhatWouldGoOverTheBudget() {
        let queued = QueuedBytes(budget: 3_000)
        #expect(queued.reserve(1_000))
        #expect(queued.reserve(2_000))
        #expect(!queued.reserve(1))
        queued.release(1_500)
        #expect(queued.current == 1_500)
        #expect(queued.reserve(1_500))
        #expect(!queued.reserve(1))
        queued.release(10_000)
        #expect(queued.current == 0)
    }

    @Test(.enabled(if: canCaptureOnLoopback, "skipped: capturing on lo needs root or CAP_NET_RAW"), .timeLimit(.minutes(1)))
    func aConsumerThatFallsBehindCostsAtMostTheByteBudget() async throws {
        let port: UInt16 = 47_123
        var options = LiveCapture.Options(interface: "lo", filter: "udp and dst host 127.0.0.1 and dst port \(port)")
        // Room for nine of the 1,042-byte frames below (14 link + 20 IP + 8 UDP + 1,000).
        options.streamByteBudget = 10_000
        let capture = try LiveCapture(options: options)
        let stream = capture.start()
        try await Task.sleep(for: .milliseconds(300))

        // Nobody reads while twenty arrive: nine fit, eleven are dropped and counted. Waiting
        // for the capture thread's count, not a fixed time: on a loaded machine it can take
        // longer than a second to take them, and reading early would give room back too soon.
        try Self.sendDatagrams(20, bytes: 1_000, port: port)
        try await Self.waitUntilCaptured(20, by: capture)
        var packets = stream.makeAsyncIterator()
        for _ in 0..<9 {
            let packet = try #require(await packets.next())
            #expect(packet.data.count == 1_042)
        }
        // Taking them gave the room back: five more are all delivered.
        try Self.sendDatagrams(5, bytes: 1_000, port: port)
        try await Self.waitUntilCaptured(25, by: capture)
        for _ in 0..<5 {
            #expect(await packets.next() != nil)
        }
        capture.stop()
        var extra = 0
        while await packets.next() != nil { extra += 1 }
        #expect(extra == 0)
        let statistics = capture.statistics
        #expect(statistics.captured == 25)
        #expect(statistics.streamDropped == 11)
    }

    /// Waits (at most 20 s) until the capture thread has taken `count` packets.
    static func waitUntilCaptured(_ count: Int, by capture: LiveCapture) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while capture.statistics.captured < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        try #require(capture.statistics.captured >= count, "the capture took \(capture.statistics.captured) of \(count) packets in 20 s")
    }

    /// UDP datagrams to 127.0.0.1:port, nowhere else.
    static func sendDatagrams(_ count: Int, bytes: Int, port: UInt16) throws {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(socketDescriptor >= 0)
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let payload = [UInt8](repeating: 0x41, count: bytes)
        for _ in 0..<count {
            let sent = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                    payload.withUnsafeBytes { sendto(socketDescriptor, $0.baseAddress, bytes, 0, sockaddrPointer, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
            }
            try #require(sent == bytes)
        }
    }
}
