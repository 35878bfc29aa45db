import CamAuditModel
import Foundation

/// One recorded response in the corpus's form (a line of `classify` input, of the corpus or of
/// the evaluation set): a protocol name, the bytes, and where they were seen.
public struct RecordedResponse: Sendable {
    public var id: String
    /// Records sharing this key come from one device and are classified together.
    public var device: String?
    public var protocolName: String
    public var port: Int?
    public var payload: [UInt8]

    /// Largest payload accepted, after hex decoding.
    public static let maxPayloadBytes = 1 << 20

    public static func parse(_ line: [UInt8], lineNumber: Int) -> Result<RecordedResponse, RecordError> {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
            return .failure(RecordError(id: "line-\(lineNumber)", message: "not a JSON object; each line must be {\"id\":…, \"protocol\":…, \"payload\":…}"))
        }
        return parse(object, lineNumber: lineNumber)
    }

    /// The same from an object already decoded (the evaluation set reads labels beside it).
    public static func parse(_ object: [String: Any], lineNumber: Int) -> Result<RecordedResponse, RecordError> {
        let fallbackID = "line-\(lineNumber)"
        if object.isEmpty {
            return .failure(RecordError(id: fallbackID, message: "empty object; each line must be {\"id\":…, \"protocol\":…, \"payload\":…}"))
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
        return .success(RecordedResponse(id: id, device: device, protocolName: protocolName, port: port, payload: payload))
    }

    public func observations() throws(DissectError) -> [Observation] {
        let source = EvidenceSource(kind: .recorded, protocolName: protocolName, port: port, reference: id)
        return try ProtocolDissector.dissect(protocol: protocolName, payload: payload, source: source)
    }
}

public struct RecordError: Error, Sendable {
    public var id: String
    public var message: String

    public init(id: String, message: String) {
        self.id = id
        self.message = message
    }

    public var json: JSONValue {
        .object([("id", .string(id)), ("error", .string(message))])
    }
}
