/// An address the scanner may probe: IPv4 held as a UInt32, IPv6 as two UInt64 halves.
public struct ScanAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let high: UInt64
    public let low: UInt64
    public let isIPv6: Bool

    public init(ipv4 value: UInt32) {
        high = 0
        low = UInt64(value)
        isIPv6 = false
    }

    public init(ipv6 high: UInt64, _ low: UInt64) {
        self.high = high
        self.low = low
        isIPv6 = true
    }

    /// Parses dotted IPv4 or textual IPv6 (inet_pton rules, no zone index).
    public init?(_ text: String) {
        if text.contains(":") {
            var storage = in6_addr()
            guard inet_pton(AF_INET6, text, &storage) == 1 else { return nil }
            let bytes = withUnsafeBytes(of: storage) { Array($0) }
            self.init(ipv6: Self.bigEndian(bytes[0..<8]), Self.bigEndian(bytes[8..<16]))
        } else {
            // inet_pton rejects the short and octal forms ("10.1", "010.0.0.1") that inet_aton takes.
            var storage = in_addr()
            guard inet_pton(AF_INET, text, &storage) == 1 else { return nil }
            self.init(ipv4: UInt32(bigEndian: storage.s_addr))
        }
    }

    public var ipv4: UInt32? { isIPv6 ? nil : UInt32(truncatingIfNeeded: low) }

    public var description: String {
        if let ipv4 { return [24, 16, 8, 0].map { String((ipv4 >> UInt32($0)) & 0xFF) }.joined(separator: ".") }
        var storage = in6_addr()
        withUnsafeMutableBytes(of: &storage) { raw in
            for index in 0..<8 {
                raw[index] = UInt8(truncatingIfNeeded: high >> UInt64(56 - 8 * index))
                raw[8 + index] = UInt8(truncatingIfNeeded: low >> UInt64(56 - 8 * index))
            }
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &storage, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func < (lhs: ScanAddress, rhs: ScanAddress) -> Bool {
        (lhs.isIPv6 ? 1 : 0, lhs.high, lhs.low) < (rhs.isIPv6 ? 1 : 0, rhs.high, rhs.low)
    }

    private static func bigEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
