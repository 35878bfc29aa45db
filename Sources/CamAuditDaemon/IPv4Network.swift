/// An IPv4 network in CIDR form (`10.20.0.0/22`); a bare address is a /32.
public struct IPv4Network: Sendable, Equatable, CustomStringConvertible {
    public let address: UInt32
    public let prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = Self.parseAddress(parts[0]) else { return nil }
        var prefix = 32
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...32).contains(value), parts[1].allSatisfy(\.isASCII) else { return nil }
            prefix = value
        }
        self.prefixLength = prefix
        self.address = address & Self.mask(prefix)
    }

    public var description: String { "\(Self.format(address))/\(prefixLength)" }
    public var size: UInt64 { UInt64(1) << UInt64(32 - prefixLength) }

    public func contains(_ other: UInt32) -> Bool { other & Self.mask(prefixLength) == address }

    static func mask(_ prefix: Int) -> UInt32 { prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix) }

    public static func parseAddress(_ text: Substring) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy({ $0.isASCII && $0.isNumber }), let byte = UInt8(octet) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }

    public static func format(_ address: UInt32) -> String {
        [24, 16, 8, 0].map { String((address >> UInt32($0)) & 0xFF) }.joined(separator: ".")
    }
}
