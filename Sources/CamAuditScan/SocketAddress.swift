#if canImport(Glibc)
import Glibc
#endif

/// A sockaddr for a scan address and port, in the form the C calls take.
struct SocketAddress {
    var storage = sockaddr_storage()
    var length: socklen_t

    /// `scopeID` is the interface index a link-local address needs (RFC 4007 §6); 0 otherwise.
    init(_ address: ScanAddress, port: UInt16, scopeID: UInt32 = 0) {
        if let ipv4 = address.ipv4 {
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = port.bigEndian
            sin.sin_addr.s_addr = ipv4.bigEndian
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutableBytes(of: &storage) { raw in
                withUnsafeBytes(of: sin) { raw.copyMemory(from: $0) }
            }
        } else {
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = port.bigEndian
            sin6.sin6_scope_id = scopeID
            withUnsafeMutableBytes(of: &sin6.sin6_addr) { raw in
                for index in 0..<8 {
                    raw[index] = UInt8(truncatingIfNeeded: address.high >> UInt64(56 - 8 * index))
                    raw[8 + index] = UInt8(truncatingIfNeeded: address.low >> UInt64(56 - 8 * index))
                }
            }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeMutableBytes(of: &storage) { raw in
                withUnsafeBytes(of: sin6) { raw.copyMemory(from: $0) }
            }
        }
    }

    var family: Int32 { Int32(storage.ss_family) }

    func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        withUnsafeBytes(of: storage) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }

    /// The address and port of a received datagram's sender.
    static func decode(_ storage: sockaddr_storage) -> (ScanAddress, UInt16)? {
        withUnsafeBytes(of: storage) { raw -> (ScanAddress, UInt16)? in
            switch Int32(storage.ss_family) {
            case AF_INET:
                let sin = raw.load(as: sockaddr_in.self)
                return (ScanAddress(ipv4: UInt32(bigEndian: sin.sin_addr.s_addr)), UInt16(bigEndian: sin.sin_port))
            case AF_INET6:
                let sin6 = raw.load(as: sockaddr_in6.self)
                let bytes = withUnsafeBytes(of: sin6.sin6_addr) { Array($0) }
                let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                let low = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                // IPv4-mapped (::ffff:a.b.c.d) answers are IPv4 hosts.
                if high == 0 && low >> 32 == 0xFFFF { return (ScanAddress(ipv4: UInt32(truncatingIfNeeded: low)), UInt16(bigEndian: sin6.sin6_port)) }
                return (ScanAddress(ipv6: high, low), UInt16(bigEndian: sin6.sin6_port))
            default:
                return nil
            }
        }
    }
}

/// socket(2) type and flags, spelled out for Linux. In a whole-module (release) build the C
/// importer credits <bits/socket_type.h> to the first C module that included it (CPcap, through
/// pcap.h), and `SOCK_STREAM` and its siblings then vanish from Glibc: debug builds compile, the
/// release build does not.
enum SocketType {
    static let stream: Int32 = 1
    static let datagram: Int32 = 2
    static let raw: Int32 = 3
    static let nonBlocking: Int32 = 0o4000
    static let closeOnExec: Int32 = 0o2000000
}
