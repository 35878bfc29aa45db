import CamAuditModel
/// Reassembles fragmented IPv4 UDP datagrams: large WS-Discovery ProbeMatches and DHIP
/// records fragment, and only the first fragment carries the ports (protocols.md §10.4).
/// Bounded in entries and bytes; the oldest datagram is dropped when the table is full.
struct FragmentReassembler {
    struct Key: Hashable {
        var source: IPAddress
        var destination: IPAddress
        var identification: UInt16
    }

    private struct Pending {
        var pieces: [(offset: Int, bytes: [UInt8])] = []
        var bytes = 0
        /// Known once the fragment without "more fragments" has arrived.
        var total: Int?
    }

    let maximumEntries: Int
    /// A UDP datagram cannot exceed 65,535 bytes; anything claiming more is hostile.
    static let maximumDatagram = 65_535
    private var pending: [Key: Pending] = [:]
    private var order: [Key] = []
    private var orderStart = 0
    private(set) var dropped = 0

    init(maximumEntries: Int = 64) {
        self.maximumEntries = maximumEntries
    }

    var count: Int { pending.count }

    /// Adds a fragment; returns the whole IP payload (UDP header first) once every byte is in.
    mutating func add(_ fragment: IPv4Fragment) -> [UInt8]? {
        let key = Key(source: fragment.source, destination: fragment.destination, identification: fragment.identification)
        let end = fragment.offset + fragment.payload.count
        guard end <= Self.maximumDatagram else { return nil }
        if pending[key] == nil {
            while pending.count >= maximumEntries, orderStart < order.count {
                let oldest = order[orderStart]
                orderStart += 1
                if pending.removeValue(forKey: oldest) != nil { dropped += 1 }
            }
            if orderStart > 1024, orderStart * 2 > order.count {
                order.removeFirst(orderStart)
                orderStart = 0
            }
            pending[key] = Pending()
            order.append(key)
        }
        guard var entry = pending[key] else { return nil }
        guard entry.bytes + fragment.payload.count <= Self.maximumDatagram * 2 else {
            pending[key] = nil
            dropped += 1
            return nil
        }
        entry.pieces.append((fragment.offset, Array(fragment.payload)))
        entry.bytes += fragment.payload.count
        if !fragment.moreFragments { entry.total = end }
        guard let total = entry.total, let assembled = Self.assemble(entry.pieces, total: total) else {
            pending[key] = entry
            return nil
        }
        pending[key] = nil
        return assembled
    }

    /// The payload if the pieces cover 0..<total without a gap; overlaps keep the first bytes.
    private static func assemble(_ pieces: [(offset: Int, bytes: [UInt8])], total: Int) -> [UInt8]? {
        var result = [UInt8](repeating: 0, count: total)
        var covered = 0
        for piece in pieces.sorted(by: { $0.offset < $1.offset }) {
            guard piece.offset <= covered else { return nil }
            let pieceEnd = min(total, piece.offset + piece.bytes.count)
            if pieceEnd > covered {
                let skip = covered - piece.offset
                result.replaceSubrange(covered..<pieceEnd, with: piece.bytes[skip..<(skip + pieceEnd - covered)])
                covered = pieceEnd
            }
        }
        return covered == total ? result : nil
    }
}
