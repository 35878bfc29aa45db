import CamAuditDissectors
import CamAuditModel

/// One dissection waiting to run: its payload (or observations already made without a
/// dissector), where it came from and whose it is. `frameMAC`: a MAC the payload states is
/// dropped when it is the frame's own.
struct PendingDissection: Sendable {
    enum Work: Sendable {
        case payload([UInt8])
        case made([Observation])
    }

    var work: Work
    var origin: EvidenceOrigin
    var key: SenderKey?
    var frameMAC: MACAddress?

    /// Runs the dissector; a rejected payload is `failed`, never fatal. Pure, so that a batch
    /// runs on several threads. The observations carry no source: the origin is stored once
    /// for them all.
    func run() -> Dissection {
        let payload: [UInt8]
        switch work {
        case .made(let observations): return Dissection(observations: observations, origin: origin)
        case .payload(let bytes): payload = bytes
        }
        let protocolName = origin.protocolName ?? ""
        do {
            let source = EvidenceSource(kind: .passive)
            let observations = protocolName == "dns"
                ? try DNSDissector.observations(payload, source: source)
                : try ProtocolDissector.dissect(protocol: protocolName, payload: payload, source: source)
            return Dissection(observations: observations, origin: origin)
        } catch {
            return Dissection(observations: [], origin: origin, failed: true)
        }
    }
}

/// One dissection's observations and where they came from; `failed` when the dissector
/// rejected the payload.
struct Dissection: Sendable {
    var observations: [Observation]
    var origin: EvidenceOrigin
    var failed = false
}
