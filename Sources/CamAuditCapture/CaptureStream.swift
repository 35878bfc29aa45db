import Foundation

/// The packets of a live capture on their way from the capture thread to the consumer.
///
/// Bounded twice: by packet count (the AsyncStream's buffer) and by bytes. A count alone is not
/// a bound on memory: on loopback or with offloads a packet can be 64 KiB, so 4,096 queued
/// packets could hold 256 MiB while the consumer is behind. Bytes are reserved by the capture
/// thread before it hands a packet over and given back here as the consumer takes it.
public struct CaptureStream: AsyncSequence, Sendable {
    public typealias Element = CapturedPacket

    let packets: AsyncStream<CapturedPacket>
    let queued: QueuedBytes

    public struct AsyncIterator: AsyncIteratorProtocol {
        var packets: AsyncStream<CapturedPacket>.AsyncIterator
        let queued: QueuedBytes

        public mutating func next() async -> CapturedPacket? {
            guard let packet = await packets.next() else { return nil }
            queued.release(packet.data.count)
            return packet
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(packets: packets.makeAsyncIterator(), queued: queued)
    }
}

/// Bytes of packets handed to the consumer and not yet taken.
final class QueuedBytes: @unchecked Sendable {
    let budget: Int
    private let lock = NSLock()
    private var bytes = 0

    init(budget: Int) {
        self.budget = max(0, budget)
    }

    /// Takes room for a packet; false when it would go over the budget (the packet is dropped).
    func reserve(_ count: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard bytes + count <= budget else { return false }
        bytes += count
        return true
    }

    func release(_ count: Int) {
        lock.lock()
        bytes = max(0, bytes - count)
        lock.unlock()
    }

    var current: Int {
        lock.lock()
        defer { lock.unlock() }
        return bytes
    }
}
