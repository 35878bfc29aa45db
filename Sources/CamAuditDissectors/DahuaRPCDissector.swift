import CamAuditModel
import Foundation

/// The JSON challenge of Dahua's `POST /RPC2_Login`: the realm carries the serial and
/// `params.mac` the MAC, before any credential is checked.
enum DahuaRPCDissector {
    static func observations(_ body: [UInt8], source: EvidenceSource) -> [Observation] {
        guard body.count <= 64 << 10,
              let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return [] }
        return observations(object: object, source: source)
    }

    /// The same from a body already parsed (a DHIP packet's JSON is read once).
    static func observations(object: [String: Any], source: EvidenceSource) -> [Observation] {
        var out: [Observation] = []
        // An error answer's message is the firmware's own wording.
        if let error = object["error"] as? [String: Any], let message = error["message"] as? String,
           case let trimmed = Bytes.trimmed(message), !trimmed.isEmpty, trimmed.utf8.count <= 256 {
            out.append(Observation(field: ObservationField.dahuaRPCError, value: trimmed, source: source))
        }
        guard let params = object["params"] as? [String: Any] else { return out }
        if let realm = params["realm"] as? String {
            out.append(Observation(field: ObservationField.dahuaRPCRealm, value: realm, source: source))
        }
        if let mac = params["mac"] as? String {
            out.append(Observation(field: ObservationField.dahuaRPCMAC, value: mac, source: source))
            out.append(Observation(field: ObservationField.macAddress, value: mac, source: source))
        }
        if let encryption = params["encryption"] as? String {
            out.append(Observation(field: ObservationField.dahuaRPCEncryption, value: encryption, source: source))
        }
        return out
    }
}
