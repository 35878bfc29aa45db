/// How bytes a device (or a district's file) sent become text, everywhere: UTF-8 when they are
/// valid UTF-8, otherwise ISO-8859-1, which keeps every byte as one code point, so a banner, realm
/// or body from firmware that is not UTF-8 still matches, prints and round-trips.
public enum DeviceText {
    public static func decode<C: Collection<UInt8>>(_ bytes: C) -> String {
        if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
        return latin1(bytes)
    }

    /// True when the bytes are valid UTF-8. Most of what devices send is ASCII, which is
    /// checked first: `String(validating:)` is generic and, called per field, its metadata
    /// look-up showed in a large capture's profile.
    public static func isUTF8<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        isASCII(bytes) || String(validating: bytes, as: UTF8.self) != nil
    }

    /// True when no byte has its high bit set, eight at a time where the bytes are contiguous.
    @inlinable
    public static func isASCII<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        bytes.withContiguousStorageIfAvailable { buffer in
            var index = 0
            if let base = buffer.baseAddress {
                while index &+ 8 <= buffer.count {
                    if UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                    index &+= 8
                }
            }
            while index < buffer.count {
                if buffer[index] >= 0x80 { return false }
                index &+= 1
            }
            return true
        } ?? bytes.allSatisfy { $0 < 0x80 }
    }

    /// Each byte as the code point of the same value.
    public static func latin1<C: Collection<UInt8>>(_ bytes: C) -> String {
        String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    /// `text.lowercased()` with only its letters (and digits) kept, computed byte by byte for
    /// ASCII text (a Character property look-up per character showed in a large capture's
    /// profile); nil for other text, which the caller folds with Character properties.
    public static func lowercasedLetters(of text: String, keepingDigits: Bool) -> String? {
        guard isASCII(text.utf8) else { return nil }
        var key: [UInt8] = []
        key.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): key.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): key.append(byte + 0x20)
            case UInt8(ascii: "0")...UInt8(ascii: "9") where keepingDigits: key.append(byte)
            default: continue
            }
        }
        return String(decoding: key, as: UTF8.self)
    }
}
