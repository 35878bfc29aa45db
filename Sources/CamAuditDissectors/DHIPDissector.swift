import CamAuditModel
import Foundation

/// Dahua DHIP discovery answers (UDP 37810): a 32-byte little-endian header with magic `DHIP`,
/// then JSON (`client.notifyDevInfo`).
public enum DHIPDissector {
    static let maxPayload = 64 << 10

    /// A whole DHIP message (UDP), the messages of a TCP stream one after the other, its JSON
    /// body alone as scan datasets publish it, or an HTTP response carrying that JSON.
    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        guard DHIPFrame.isFramed(bytes, minimumLength: DHIPFrame.headerLength) else {
            if let json = bareJSON(bytes) { return try observations(json: json, source: source) }
            throw DissectError("not a DHIP answer: needs a 32-byte header with magic DHIP at offset 4, or its JSON body ({\"method\":…} or {\"params\":…})")
        }
        let first = try message(bytes, at: 0)
        var out = try observations(json: first.json, source: source)
        // A stream's later messages (event pushes after the login answer): what each one says
        // is the sender's too; one that does not parse ends the reading, not the evidence.
        var offset = first.next
        var count = 1
        while let next = offset, count < maximumStreamMessages, DHIPFrame.isFramed(bytes[next...], minimumLength: DHIPFrame.headerLength),
              let following = try? message(bytes, at: next) {
            out += (try? observations(json: following.json, source: source)) ?? []
            offset = following.next
            count += 1
        }
        return out
    }

    /// Messages read from one TCP stream (which the analyser keeps to 16 KiB anyway).
    static let maximumStreamMessages = 16

    /// The JSON of the message whose header starts at `offset`, and where the next message
    /// would start when the header's length says this one ends before the bytes do.
    private static func message(_ bytes: [UInt8], at offset: Int) throws(DissectError) -> (json: [UInt8], next: Int?) {
        let declared = Int(Bytes.u32le(bytes, offset + 16) ?? 0)
        guard declared <= maxPayload else {
            throw DissectError("DHIP payload length \(declared) is over the \(maxPayload)-byte limit")
        }
        let start = offset + 32
        let end = min(bytes.count, start + declared)
        // Trust what arrived, not the declared length; devices append "\n\0".
        var json = Array(bytes[start..<end])
        if json.isEmpty { json = Array(bytes[start...].prefix(maxPayload)) }
        while let last = json.last, last == 0 || last == 0x0A || last == 0x0D || last == 0x20 { json.removeLast() }
        return (json, declared > 0 && start + declared < bytes.count ? start + declared : nil)
    }

    /// The JSON of a header-less answer: bare, or as the body of an HTTP response.
    static func bareJSON(_ bytes: [UInt8]) -> [UInt8]? {
        var body = bytes.prefix(maxPayload)
        if body.starts(with: Array("HTTP/".utf8)), let message = try? HTTPMessage.parse(Array(body)) { body = message.body[...] }
        let start = body.firstIndex { !(Bytes.isASCIISpace($0) || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }
        guard let start, body[start] == UInt8(ascii: "{") else { return nil }
        var json = Array(body[start...])
        while let last = json.last, last == 0 || Bytes.isASCIISpace(last) { json.removeLast() }
        return json
    }

    static func observations(json: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json))) as? [String: Any] else {
            throw DissectError("DHIP payload is not a JSON object")
        }
        var out: [Observation] = []
        func add(_ field: String, _ value: Any?) {
            guard let value else { return }
            let text: String
            if let string = value as? String { text = string } else if let number = value as? NSNumber { text = number.stringValue } else { return }
            let trimmed = Bytes.trimmed(text)
            if !trimmed.isEmpty { out.append(Observation(field: field, value: trimmed, source: source)) }
        }
        add(ObservationField.dhipMethod, object["method"])
        add(ObservationField.dhipMAC, object["mac"])
        add(ObservationField.macAddress, object["mac"])
        // Over TCP (37777, 5000) the same framing carries RPC answers, the login challenge
        // with its "Login to <serial>" realm among them.
        out += DahuaRPCDissector.observations(object: object, source: source).filter { $0.field != ObservationField.macAddress || object["mac"] == nil }
        let params = object["params"] as? [String: Any]
        if let info = params?["deviceInfo"] as? [String: Any] {
            add(ObservationField.dhipDeviceClass, info["DeviceClass"])
            add(ObservationField.dhipDeviceType, info["DeviceType"])
            add(ObservationField.dhipSerial, info["SerialNo"])
            add(ObservationField.dhipVersion, info["Version"])
            add(ObservationField.dhipManufacturer, info["Manufacturer"])
            add(ObservationField.dhipVendor, info["Vendor"])
        }
        return out
    }
}
