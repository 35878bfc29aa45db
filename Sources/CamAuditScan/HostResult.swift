import CamAuditModel
import Foundation

/// One address's result: the same envelope for every host, whatever answered.
public struct HostResult: Sendable {
    /// The fixed status vocabulary (README, "Host status").
    public enum Status: String, Sendable, CaseIterable {
        /// The maker was established or pointed at (verdict other than unknown).
        case identified
        /// Something answered (an open port, a discovery reply) but the maker is unknown.
        case openUnidentified = "open-unidentified"
        /// The host answered, but only to refuse every connection (RST): no service to read.
        case closed
        /// The host is there at layer 2 (ARP, neighbour table) but every probe went unanswered.
        case filtered
        /// Nothing answered.
        case noResponse = "no-response"
        /// The scanner could not probe it (a local failure, said in `error`).
        case error
    }

    public var address: ScanAddress
    /// The link-layer address, from ARP or the neighbour table (on-link hosts only).
    public var mac: String?
    public var status: Status
    /// TCP ports that accepted a connection, ascending.
    public var openPorts: [UInt16]
    /// Discovery protocols that answered (`sadp`, `dhip`, `onvif-probematch`, …).
    public var discoveryAnswers: [String]
    public var observations: [Observation]
    public var classification: Classification
    public var error: String?
    public var started: Date
    public var finished: Date

    /// Worth listing: something answered that could say what the host is, or it is present at
    /// layer 2. Silent hosts and hosts that refused every port are only counted.
    public var responded: Bool { status != .noResponse && status != .closed }

    /// The per-device JSON, with exactly the field names the README documents.
    public func json() -> JSONValue {
        let identity = classification.identity
        return .object([
            ("ip", .string(address.description)),
            ("mac", .optional(mac ?? identity.mac)),
            ("maker", .optional(identity.maker)),
            ("brand", .optional(identity.brand)),
            ("model", .optional(identity.model)),
            ("firmware", .optional(identity.firmware)),
            ("device_type", .optional(identity.deviceType?.rawValue)),
            ("verdict", .string(classification.verdict.rawValue)),
            ("covered", classification.verdict.coveredFlag.map(JSONValue.bool) ?? .null),
            ("lists", .array(classification.listIDs.map(JSONValue.string))),
            ("confidence", .number(identity.confidence)),
            ("evidence", .array(identity.evidence.map { $0.json() })),
            ("ports", .array(openPorts.map { .int(Int($0)) })),
            ("status", .string(status.rawValue)),
        ])
    }
}
