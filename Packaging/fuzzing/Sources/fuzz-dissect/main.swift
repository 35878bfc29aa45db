import CamAuditDissectors
import CamAuditModel
import FuzzSupport

// One target for every protocol: the first byte picks the protocol (modulo the list), the rest
// is the payload. The dissectors share their readers (Bytes, DER, XML bodies, HTTP messages),
// so one corpus lets an input found for one protocol seed another, and one binary keeps the
// build and the CI smoke short. Packaging/fuzzing/seeds.py writes the seeds with that prefix.
let protocols = ProtocolDissector.protocols
fuzz { input in
    guard let selector = input.first else { return }
    let name = protocols[Int(selector) % protocols.count]
    _ = try? ProtocolDissector.dissect(protocol: name, payload: Array(input.dropFirst()), source: EvidenceSource(protocolName: name))
}
