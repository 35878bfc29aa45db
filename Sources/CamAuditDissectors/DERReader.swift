/// A bounds-checked reader of DER (ASN.1 distinguished encoding) TLVs: just enough to walk an
/// X.509 certificate to its names and dates. Every length is checked against the bytes left, so
/// a hostile certificate can only fail to parse.
struct DERReader {
    struct Element {
        var tag: UInt8
        var content: ArraySlice<UInt8>
    }

    private var bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { bytes.isEmpty }

    /// The next element, or nil when the encoding is broken (indefinite or overlong lengths
    /// are not DER and are refused).
    mutating func next() -> Element? {
        guard bytes.count >= 2 else { return nil }
        let start = bytes.startIndex
        let tag = bytes[start]
        let first = bytes[start + 1]
        var length = 0
        var headerLength = 2
        if first < 0x80 {
            length = Int(first)
        } else {
            let count = Int(first & 0x7F)
            guard count >= 1, count <= 3, bytes.count >= 2 + count else { return nil }
            for offset in 0..<count { length = length << 8 | Int(bytes[start + 2 + offset]) }
            headerLength += count
        }
        guard bytes.count - headerLength >= length else { return nil }
        let contentStart = start + headerLength
        let element = Element(tag: tag, content: bytes[contentStart..<(contentStart + length)])
        bytes = bytes[(contentStart + length)...]
        return element
    }

    /// The next element if it has `tag`, else nil without consuming anything.
    mutating func next(ifTag tag: UInt8) -> Element? {
        guard bytes.first == tag else { return nil }
        return next()
    }
}
