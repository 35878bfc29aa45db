import CamAuditModel

/// Base64 for binary examples, without Foundation so the signature compiler stays light.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let reverse: [UInt8: UInt8] = {
        var table: [UInt8: UInt8] = [:]
        for (index, byte) in alphabet.enumerated() { table[byte] = UInt8(index) }
        return table
    }()

    static func decode(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "=") { break }
            guard let value = reverse[byte] else { return nil }
            buffer = (buffer << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        return bytes
    }

    /// UTF-8 when valid, otherwise ISO-8859-1: the same rule the dissectors use.
    static func string(from bytes: [UInt8]) -> String {
        DeviceText.decode(bytes)
    }
}
