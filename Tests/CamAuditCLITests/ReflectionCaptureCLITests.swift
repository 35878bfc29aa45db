import Foundation
import Testing

/// A capture of answers from more senders than the analyser tracks, all through one router
/// MAC: `analyze` reports one device per tracked address and says how many it left out.
@Suite struct ReflectionCaptureCLITests {
    /// 270,000 one-byte UDP datagrams from 100.64.0.0/10 (shared address space; bytes in a file, nothing is sent), each from its own
    /// address, every frame from the same router MAC: a classic pcap written byte by byte.
    static func reflectionCapture(senders: Int) -> [UInt8] {
        func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        var file = le32(0xA1B2_C3D4) + [2, 0, 4, 0] + le32(0) + le32(0) + le32(65535) + le32(1)
        let router: [UInt8] = [0x02, 0x77, 0x00, 0x00, 0x00, 0x01], tool: [UInt8] = [0x02, 0x77, 0x00, 0x00, 0x00, 0x0A]
        for index in 0..<senders {
            let source: [UInt8] = [100, UInt8(64 + index / 65_536), UInt8((index / 256) % 256), UInt8(index % 256)]
            let udp: [UInt8] = [0x9C, 0x40, 0x9C, 0x41, 0x00, 0x09, 0x00, 0x00, 0x01]
            let ip: [UInt8] = [0x45, 0, 0, UInt8(20 + udp.count), 0, 0, 0, 0, 64, 17, 0, 0] + source + [10, 77, 0, 10]
            let frame = tool + router + [0x08, 0x00] + ip + udp
            file += le32(1_790_000_000) + le32(UInt32(index % 1_000_000)) + le32(UInt32(frame.count)) + le32(UInt32(frame.count)) + frame
        }
        return file
    }

    @Test(.timeLimit(.minutes(3)))
    func sendersPastTheTableAreCountedAndSaidSo() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-reflection-\(UUID().uuidString).pcap").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(Self.reflectionCapture(senders: 270_000)).write(to: URL(fileURLWithPath: path))
        let result = try await CLITests.run(["analyze", path])
        #expect(result.status == 0, "\(result.stderr)")
        // 262,144 senders tracked, each its own device (none merged under the router's MAC).
        #expect(result.stdout.contains("262144 devices, 0 shown"), "\(result.stdout)")
        #expect(result.stdout.contains("Memory bounds reached: 7856 senders not tracked (table full)"), "\(result.stdout)")
    }
}
