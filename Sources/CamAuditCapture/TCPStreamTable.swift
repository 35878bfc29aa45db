import CamAuditModel
import Foundation

/// The first bytes a server sent on one TCP connection, in sequence order: what the HTTP,
/// RTSP and SDK-port dissectors read.
struct ServerStream {
    var header: TransportHeader
    var sourceMAC: MACAddress?
    var bytes: [UInt8]
    /// Where the first byte came from, and the packet's time.
    var reference: PacketReference
    var time: Date
}

/// Bounded reassembly of the server→client direction of TCP flows on the ports camaudit reads.
///
/// Only the first `streamCap` bytes of a direction are kept, out-of-order segments are placed
/// by sequence number, and at most `maximumFlows` directions are tracked: when the table is
/// full the oldest is dissected with what it has and dropped. Memory is therefore at most
/// about `maximumFlows × streamCap` whatever the file holds.
struct TCPStreamTable {
    struct Key: Hashable {
        var source: IPAddress
        var destination: IPAddress
        var sourcePort: UInt16
        var destinationPort: UInt16

        init(_ header: TransportHeader) {
            source = header.source
            destination = header.destination
            sourcePort = header.sourcePort
            destinationPort = header.destinationPort
        }

        var reversed: Key {
            var key = self
            swap(&key.source, &key.destination)
            swap(&key.sourcePort, &key.destinationPort)
            return key
        }
    }

    private struct Segment {
        var sequence: UInt32
        var bytes: [UInt8]
        var reference: PacketReference
        var time: Date
    }

    private struct State {
        var header: TransportHeader
        var sourceMAC: MACAddress?
        /// Sequence number of the first payload byte, known when the SYN-ACK was captured.
        var base: UInt32?
        var segments: [Segment] = []
        var stored = 0
        /// Dissected already: later bytes of the connection are ignored (a tombstone).
        var finished = false
        var generation: Int
        /// Bytes kept for this direction: `streamCap`, or less on ports with a smaller cap.
        var cap: Int
    }

    let maximumFlows: Int
    let streamCap: Int
    let serverPorts: PortSet
    /// Ports whose streams need fewer bytes than `streamCap` (a TLS server's first flight).
    let smallerCaps: [UInt16: Int]
    private var states: [Key: State] = [:]
    private var order: [(key: Key, generation: Int)] = []
    private var orderStart = 0
    private var nextGeneration = 0
    private(set) var evicted = 0

    init(maximumFlows: Int = 2048, streamCap: Int = 16 << 10, serverPorts: Set<UInt16>, smallerCaps: [UInt16: Int] = [:]) {
        self.maximumFlows = max(1, maximumFlows)
        self.streamCap = max(1, streamCap)
        self.serverPorts = PortSet(serverPorts)
        self.smallerCaps = smallerCaps
    }

    /// True while the direction of `header` is being reassembled (not finished).
    func isTracking(_ header: TransportHeader) -> Bool {
        guard let state = states[Key(header)] else { return false }
        return !state.finished
    }

    /// Directions currently tracked (tombstones included): never more than `maximumFlows`.
    var count: Int { states.count }

    /// Takes one segment; returns the streams that are complete (cap reached, FIN or RST, or
    /// evicted to make room).
    mutating func add(_ segment: TCPSegment, sourceMAC: MACAddress?, reference: PacketReference, time: Date) -> [ServerStream] {
        var done: [ServerStream] = []
        let key = Key(segment.header)
        if !serverPorts.contains(segment.header.sourcePort) {
            // A client's RST ends the server's side too.
            if segment.rst, serverPorts.contains(segment.header.destinationPort) {
                if let stream = finish(key.reversed) { done.append(stream) }
                states[key.reversed] = nil
            }
            return done
        }
        // One hash look-up per segment: the state is then read and changed in place through
        // its index (a copy taken out and written back also copied the segment list).
        var index = states.index(forKey: key)
        // A SYN on a finished direction is a new connection reusing the ports: start over.
        if segment.syn, let found = index, states.values[found].finished {
            states.remove(at: found)
            index = nil
        }
        if index == nil {
            // Nothing to learn from a direction that starts with a FIN or RST.
            guard segment.syn || !segment.payload.isEmpty else { return done }
            done += makeRoom()
            let cap = min(streamCap, smallerCaps[segment.header.sourcePort] ?? streamCap)
            states[key] = State(header: segment.header, sourceMAC: sourceMAC, generation: nextGeneration, cap: max(1, cap))
            order.append((key, nextGeneration))
            nextGeneration += 1
            compactOrderIfNeeded()
            index = states.index(forKey: key)
        }
        guard let position = index, !states.values[position].finished else { return done }
        if segment.syn { states.values[position].base = segment.sequence &+ 1 }
        if states.values[position].sourceMAC == nil { states.values[position].sourceMAC = sourceMAC }
        let cap = states.values[position].cap
        if !segment.payload.isEmpty {
            var sequence = segment.sequence
            var payload = segment.payload
            if let base = states.values[position].base {
                // Keep only bytes inside the window [0, cap) of the stream.
                let offset = Int(Int32(bitPattern: sequence &- base))
                if offset < 0 {
                    payload = payload.dropFirst(-offset)
                    sequence = base
                }
                let start = max(0, offset)
                payload = payload.prefix(max(0, cap - start))
            } else {
                payload = payload.prefix(max(0, cap - states.values[position].stored))
            }
            if !payload.isEmpty {
                states.values[position].segments.append(Segment(sequence: sequence, bytes: Array(payload), reference: reference, time: time))
                states.values[position].stored += payload.count
            }
        }
        if segment.fin || segment.rst || states.values[position].stored >= cap, let stream = finish(at: position) { done.append(stream) }
        // A connection that ended needs no tombstone: its slot is free for the next one.
        if segment.fin || segment.rst { states.remove(at: position) }
        return done
    }

    /// Every stream still open, at the end of the input.
    mutating func flushAll() -> [ServerStream] {
        let live = states.filter { !$0.value.finished }.sorted { $0.value.generation < $1.value.generation }.map(\.key)
        let streams = live.compactMap { finish($0) }
        states.removeAll()
        order.removeAll()
        orderStart = 0
        return streams
    }

    private mutating func makeRoom() -> [ServerStream] {
        var done: [ServerStream] = []
        while states.count >= maximumFlows, orderStart < order.count {
            let (key, generation) = order[orderStart]
            orderStart += 1
            guard let state = states[key], state.generation == generation else { continue }
            // Only a direction still open is cut short; a finished one's tombstone just goes.
            if !state.finished {
                evicted += 1
                if let stream = finish(key) { done.append(stream) }
            }
            states[key] = nil
        }
        return done
    }

    /// Drops stale queue entries so the queue stays proportional to the table.
    private mutating func compactOrderIfNeeded() {
        guard order.count - orderStart > 4 * maximumFlows + 64 else { return }
        order = states.map { ($0.key, $0.value.generation) }.sorted { $0.generation < $1.generation }
        orderStart = 0
    }

    private mutating func finish(_ key: Key) -> ServerStream? {
        guard let index = states.index(forKey: key) else { return nil }
        return finish(at: index)
    }

    /// Assembles the contiguous bytes from the start of the stream and leaves a tombstone.
    /// Changes the state in place: `index` stays valid.
    private mutating func finish(at index: Dictionary<Key, State>.Index) -> ServerStream? {
        guard !states.values[index].finished else { return nil }
        let segments = states.values[index].segments
        states.values[index].segments = []
        states.values[index].finished = true
        let state = states.values[index]
        guard let first = segments.first else { return nil }
        // Without the SYN-ACK, the stream starts at the lowest sequence number seen.
        let base = state.base ?? segments.reduce(first.sequence) { lowest, segment in
            Int32(bitPattern: segment.sequence &- lowest) < 0 ? segment.sequence : lowest
        }
        // Most answers are one segment from the start: its bytes are the stream, no copy.
        if segments.count == 1, first.sequence == base, !first.bytes.isEmpty, first.bytes.count <= state.cap {
            return ServerStream(header: state.header, sourceMAC: state.sourceMAC, bytes: first.bytes, reference: first.reference, time: first.time)
        }
        let ordered = segments.map { (offset: Int(Int32(bitPattern: $0.sequence &- base)), segment: $0) }
            .filter { $0.offset >= 0 && $0.offset < state.cap }
            .sorted { $0.offset < $1.offset }
        var bytes: [UInt8] = []
        var reference = first.reference
        var time = first.time
        for (offset, segment) in ordered {
            guard offset <= bytes.count else { break }
            if offset == 0, bytes.isEmpty {
                reference = segment.reference
                time = segment.time
            }
            let skip = bytes.count - offset
            if skip < segment.bytes.count { bytes += segment.bytes[skip...].prefix(state.cap - bytes.count) }
            if bytes.count >= state.cap { break }
        }
        guard !bytes.isEmpty else { return nil }
        return ServerStream(header: state.header, sourceMAC: state.sourceMAC, bytes: bytes, reference: reference, time: time)
    }
}
