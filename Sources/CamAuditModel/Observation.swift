import Foundation

/// One fact read from a device's bytes: a named field and its value, with where it came from.
///
/// Active probes, passive capture and `classify` all produce observations, and the matcher sees
/// nothing else, so one fingerprint serves every mode.
public struct Observation: Sendable, Hashable, Codable {
    /// A field name such as `http.header.server` (see `ObservationField`).
    public var field: String
    /// The value, decoded as UTF-8 when valid, otherwise ISO-8859-1 (no byte is lost).
    public var value: String
    public var source: EvidenceSource

    public init(field: String, value: String, source: EvidenceSource = .init()) {
        self.field = field
        self.value = value
        self.source = source
    }
}

/// How an observation was obtained: the provenance a report cites next to the evidence.
public struct EvidenceSource: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Sent a probe and read the answer.
        case active
        /// Seen on the wire without sending anything.
        case passive
        /// Read from a recorded response (`camaudit classify`).
        case recorded
        /// Read from the district's own tables (DHCP leases, switch MAC and ARP tables, LLDP
        /// neighbours) by `camaudit import`.
        case imported = "import"
    }

    public var kind: Kind
    /// The protocol of the exchange (`http`, `rtsp`, `sadp`, …).
    public var protocolName: String?
    public var port: Int?
    /// A record id, probe name or capture file, whatever lets a person find the raw bytes again.
    public var reference: String?
    public var time: Date?

    public init(kind: Kind = .recorded, protocolName: String? = nil, port: Int? = nil, reference: String? = nil, time: Date? = nil) {
        self.kind = kind
        self.protocolName = protocolName
        self.port = port
        self.reference = reference
        self.time = time
    }
}
