import Foundation

/// An RTM_NEWNEIGH request (linux/neighbour.h, linux/rtnetlink.h): nlmsghdr, ndmsg, then the
/// address and MAC as attributes, in the host's byte order as netlink wants.
struct NeighbourMessage {
    var interfaceIndex: Int32
    var address: [UInt8]
    var mac: [UInt8]

    static let newNeighbour: UInt16 = 28                       // RTM_NEWNEIGH
    static let flags: UInt16 = 0x001 | 0x100 | 0x400           // NLM_F_REQUEST | NLM_F_REPLACE | NLM_F_CREATE
    static let reachable: UInt16 = 0x02                        // NUD_REACHABLE

    var bytes: [UInt8] {
        var body: [UInt8] = []
        // ndmsg: family, two pad bytes, ifindex, state, flags, type.
        body += [UInt8(AF_INET), 0, 0, 0] + Self.native(UInt32(bitPattern: interfaceIndex)) + Self.native(Self.reachable) + [0, 0]
        body += Self.attribute(1, address)                     // NDA_DST
        body += Self.attribute(2, mac)                         // NDA_LLADDR
        let length = UInt32(16 + body.count)
        return Self.native(length) + Self.native(Self.newNeighbour) + Self.native(Self.flags) + Self.native(UInt32(1)) + Self.native(UInt32(0)) + body
    }

    /// rtattr: length (header included, padding not), type, value padded to four bytes.
    static func attribute(_ type: UInt16, _ value: [UInt8]) -> [UInt8] {
        native(UInt16(4 + value.count)) + native(type) + value + [UInt8](repeating: 0, count: (4 - value.count % 4) % 4)
    }

    static func native<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }
}