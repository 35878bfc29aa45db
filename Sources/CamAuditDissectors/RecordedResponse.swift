import CamAuditDissectors
import CamAuditModel
import Foundation

/// One line of `classify` input: a recorded response in the corpus's form.
struct ClassifyRecord {
    var id: String
    var device: String?
    var protocolName: String
    var port: Int?
    var payload: [UInt8]

    /// Largest payload accepted, after hex decoding.
    static let maxPayloadBytes = 1 << 20

    static func parse(_ line: [UInt8], lineNumber: Int) -> Result<ClassifyRecord, RecordError> {
        let fallbackID = "line-\(lineNumber)"
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
            return .failure(RecordError(id: fallbackID, message: "not a JSON object; each line must be {\"id\":…, \"protocol\":…, \"payload\":…}"))
        }
        let id = (object["id"] as? String) ?? (object["id"] as? NSNumber)?.stringValue ?? fallbackID
        guard let protocolName = object["protocol"] as? String else {
            return .failure(RecordError(id: id, message: "missing \"protocol\" (one of: \(ProtocolDissector.protocols.joined(separator: ", ")))"))
        }
        guard let payloadText = object["payload"] as? String else {
            return .failure(RecordError(id: id, message: "missing \"payload\" string"))
        }
        let encoding = (object["encoding"] as? String) ?? "text"
        let payload: [UInt8]
        switch encoding {
        case "text":
            payload = Array(payloadText.utf8)
        case "hex":
            guard let bytes = ProtocolDissector.bytes(fromHex: payloadText) else {
                return .failure(RecordError(id: id, message: "payload is not valid hex (encoding \"hex\")"))
            }
            payload = bytes
        default:
            return .failure(RecordError(id: id, message: "unknown encoding \"\(encoding)\"; use \"text\" or \"hex\""))
        }
        guard payload.count <= maxPayloadBytes else {
            return .failure(RecordError(id: id, message: "payload is \(payload.count) bytes, over the \(maxPayloadBytes)-byte limit"))
        }
        let port = (object["port"] as? NSNumber)?.intValue
        let device = (object["device"] as? String) ?? (object["device"] as? NSNumber)?.stringValue
        return .success(ClassifyRecord(id: id, device: device, protocolName: protocolName, port: port, payload: payload))
    }

    func observations() throws(DissectError) -> [Observation] {
        let source = EvidenceSource(kind: .recorded, protocolName: protocolName, port: port, reference: id)
        return try ProtocolDissector.dissect(protocol: protocolName, payload: payload, source: source)
    }
}

struct RecordError: Error {
    var id: String
    var message: String

    var json: JSONValue {
        .object([("id", .string(id)), ("error", .string(message))])
    }
}
