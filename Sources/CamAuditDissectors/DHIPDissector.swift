import CamAuditModel
import Foundation

/// Dahua DHIP discovery answers (UDP 37810): a 32-byte little-endian header with magic `DHIP`,
/// then JSON (`client.notifyDevInfo`).
public enum DHIPDissector {
    static let magic: [UInt8] = Array("DHIP".utf8)
    static let maxPayload = 64 << 10

    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        guard bytes.count >= 32, Array(bytes[4..<8]) == magic else {
            throw DissectError("not a DHIP packet (needs a 32-byte header with magic DHIP at offset 4)")
        }
        let declared = Int(Bytes.u32le(bytes, 16) ?? 0)
        guard declared <= maxPayload else {
            throw DissectError("DHIP payload length \(declared) is over the \(maxPayload)-byte limit")
        }
        // Trust what arrived, not the declared length; devices append "\n\0".
        var json = Array(bytes[32..<min(bytes.count, 32 + max(declared, 0) + 0)])
        if json.isEmpty { json = Array(bytes[32...].prefix(maxPayload)) }
        while let last = json.last, last == 0 || last == 0x0A || last == 0x0D || last == 0x20 { json.removeLast() }
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
