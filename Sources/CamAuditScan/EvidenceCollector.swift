import CamAuditDissectors
import CamAuditModel
import Foundation

/// Turns every answer a probe got into observations through the shared dissectors, so an
/// active answer and the same bytes seen in a capture become the same observations.
struct EvidenceCollector: Sendable {
    private(set) var observations: [Observation] = []
    private(set) var undecoded: [String] = []
    private var seen: Set<String> = []

    mutating func add(_ protocolName: String, _ bytes: [UInt8], port: UInt16?, reference: String) {
        guard !bytes.isEmpty else { return }
        let source = EvidenceSource(kind: .active, protocolName: protocolName, port: port.map(Int.init), reference: reference, time: Date())
        do {
            for observation in try ProtocolDissector.dissect(protocol: protocolName, payload: bytes, source: source) {
                add(observation)
            }
        } catch {
            if undecoded.count < 32 { undecoded.append("\(reference): \(error)") }
        }
    }

    /// Keeps the first sighting of each field and value.
    mutating func add(_ observation: Observation) {
        guard observations.count < 1024, seen.insert(observation.field + "\u{0}" + observation.value).inserted else { return }
        observations.append(observation)
    }
}
