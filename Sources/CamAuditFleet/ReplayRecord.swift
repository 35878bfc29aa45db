/// One recorded answer of a real device (an evaluation record), for a host that replays it.
/// The fleet knows nothing of labels or sources: whoever builds the host keeps those.
public struct ReplayRecord: Sendable {
    public var id: String
    /// The record's protocol name (`http`, `rtsp`, `dhip`, `mac-oui`, …).
    public var protocolName: String
    /// The port it was recorded on, where the record says.
    public var port: Int?
    public var bytes: [UInt8]
    /// The record's provenance note: says which request the answer came from, where known.
    public var note: String

    public init(id: String, protocolName: String, port: Int?, bytes: [UInt8], note: String) {
        self.id = id
        self.protocolName = protocolName
        self.port = port
        self.bytes = bytes
        self.note = note
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// What became of one record on its replayed host.
public enum ReplayPlacement: Sendable, Equatable {
    /// Served where a scan meets it (`tcp/80 GET /`, `udp/37810`, `MAC`), with how the bytes
    /// were adapted, if at all (`a bare body wrapped in a 200`).
    case served(at: String, adapted: String?)
    /// No read-only scan asks for it, with why.
    case notElicited(String)

    public var isServed: Bool {
        if case .served = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .served(let at, let adapted): adapted.map { "\(at) (\($0))" } ?? at
        case .notElicited(let why): "not elicited: \(why)"
        }
    }
}
