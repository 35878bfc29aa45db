/// A set of TCP or UDP ports as a 65,536-bit map: the per-packet "is this a port we read?"
/// test is one load and a mask, where `Set<UInt16>.contains` hashes the port with SipHash on
/// every segment of every ordinary flow.
struct PortSet: Sendable {
    private let words: [UInt64]

    init<Ports: Sequence>(_ ports: Ports) where Ports.Element == UInt16 {
        var words = [UInt64](repeating: 0, count: 1 << 10)
        for port in ports { words[Int(port >> 6)] |= 1 << UInt64(port & 63) }
        self.words = words
    }

    @inline(__always)
    func contains(_ port: UInt16) -> Bool {
        words[Int(port >> 6)] & (1 << UInt64(port & 63)) != 0
    }
}
