/// How bytes a device (or a district's file) sent become text, everywhere: UTF-8 when they are
/// valid UTF-8, otherwise ISO-8859-1, which keeps every byte as one code point, so a banner, realm
/// or body from firmware that is not UTF-8 still matches, prints and round-trips.
public enum DeviceText {
    public static func decode<C: Collection<UInt8>>(_ bytes: C) -> String {
        if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
        return latin1(bytes)
    }

    /// Each byte as the code point of the same value.
    public static func latin1<C: Collection<UInt8>>(_ bytes: C) -> String {
        String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}
