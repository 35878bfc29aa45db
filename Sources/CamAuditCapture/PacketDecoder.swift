import CamAuditModel
/// Link types this reader decodes (pcap-linktype(7)); the numbers are what `pcap_datalink`
/// returns on Linux.
public enum LinkType {
    public static let null: Int32 = 0
    public static let ethernet: Int32 = 1
    public static let raw: Int32 = 12
    public static let rawOpenBSD: Int32 = 14
    public static let rawLinktype: Int32 = 101
    public static let loop: Int32 = 108
    public static let linuxSLL: Int32 = 113
    public static let ipv4: Int32 = 228
    public static let ipv6: Int32 = 229
    public static let linuxSLL2: Int32 = 276

    public static let supported: Set<Int32> = [null, ethernet, raw, rawOpenBSD, rawLinktype, loop, linuxSLL, ipv4, ipv6, linuxSLL2]
}

/// A UDP datagram or TCP segment with its endpoints; payload bytes are copied only when a
/// dissector will read them.
struct TransportHeader {
    var source: IPAddress
    var destination: IPAddress
    var sourcePort: UInt16
    var destinationPort: UInt16
}

struct TCPSegment {
    var header: TransportHeader
    var sequence: UInt32
    var flags: UInt8
    var payload: ArraySlice<UInt8>

    var syn: Bool { flags & 0x02 != 0 }
    var fin: Bool { flags & 0x01 != 0 }
    var rst: Bool { flags & 0x04 != 0 }
    var ack: Bool { flags & 0x10 != 0 }
}

/// What one frame carried, as far as camaudit cares.
struct DecodedFrame {
    enum Content {
        /// Hikvision layer-2 SADP (EtherType 0x8033): the bytes after the Ethernet header.
        case sadpL2(ArraySlice<UInt8>)
        case udp(TransportHeader, ArraySlice<UInt8>)
        case tcp(TCPSegment)
        /// An IPv4 fragment of a UDP datagram, for the bounded reassembler.
        case ipv4Fragment(IPv4Fragment)
        /// An ICMPv6 message (neighbour discovery states link-layer addresses): from its type byte on.
        case icmpv6(source: IPAddress, destination: IPAddress, payload: ArraySlice<UInt8>)
        /// An IP packet whose payload is of no interest: still proves the sender's address.
        case ip(source: IPAddress)
        /// LLDP (EtherType 0x88CC): the TLVs after the Ethernet header.
        case lldp(ArraySlice<UInt8>)
        /// CDP (802.3 + LLC/SNAP, protocol 0x2000): the bytes after the SNAP header.
        case cdp(ArraySlice<UInt8>)
        /// ARP and anything else without an IP layer.
        case other
    }

    var sourceMAC: MACAddress?
    var content: Content
    /// The IPv4 TTL or IPv6 hop limit as captured: one below a common initial value means a
    /// router forwarded the packet, so its frame MAC is the router's (see `HopLimit`).
    var hopLimit: UInt8?
}

struct IPv4Fragment {
    var source: IPAddress
    var destination: IPAddress
    var identification: UInt16
    /// Byte offset of this piece in the reassembled payload.
    var offset: Int
    var moreFragments: Bool
    var payload: ArraySlice<UInt8>
}

/// Either a decoded frame or why it was dropped: a malformed header is a named decode error,
/// never a crash.
enum DecodeResult {
    case frame(DecodedFrame)
    case malformed(String)
}

/// Link layer → IPv4/IPv6 → UDP/TCP, every read bounds-checked against the captured bytes.
enum PacketDecoder {
    static func decode(_ data: [UInt8], linkType: Int32) -> DecodeResult {
        switch linkType {
        case LinkType.ethernet:
            guard data.count >= 14, let mac = MACAddress(data, at: 6), var type = data.u16(12) else { return .malformed("ethernet.short") }
            var offset = 14
            // 802.1Q, 802.1ad and the old QinQ tag: school SPAN ports often carry them.
            var tags = 0
            while type == 0x8100 || type == 0x88A8 || type == 0x9100 {
                tags += 1
                guard tags <= 4, let inner = data.u16(offset + 2) else { return .malformed("ethernet.bad-vlan-tag") }
                type = inner
                offset += 4
            }
            return network(data, at: offset, etherType: type, mac: mac)
        case LinkType.linuxSLL:
            guard data.count >= 16, let hardwareType = data.u16(2), let addressLength = data.u16(4), let type = data.u16(14) else { return .malformed("sll.short") }
            let mac = hardwareType == 1 && addressLength == 6 ? MACAddress(data, at: 6) : nil
            return network(data, at: 16, etherType: type, mac: mac)
        case LinkType.linuxSLL2:
            guard data.count >= 20, let type = data.u16(0), let hardwareType = data.u16(8), let addressLength = data.u8(11) else { return .malformed("sll2.short") }
            let mac = hardwareType == 1 && addressLength == 6 ? MACAddress(data, at: 12) : nil
            return network(data, at: 20, etherType: type, mac: mac)
        case LinkType.raw, LinkType.rawOpenBSD, LinkType.rawLinktype, LinkType.ipv4, LinkType.ipv6:
            guard let first = data.u8(0) else { return .malformed("raw.empty") }
            switch first >> 4 {
            case 4: return ipv4(data, at: 0, mac: nil)
            case 6: return ipv6(data, at: 0, mac: nil)
            default: return .malformed("raw.unknown-ip-version")
            }
        case LinkType.null, LinkType.loop:
            // The address family, in the capturing host's byte order (DLT_NULL) or network order (DLT_LOOP).
            guard data.count >= 4 else { return .malformed("null.short") }
            let families: Set<UInt8> = [data[0], data[3]]
            if families.contains(2) { return ipv4(data, at: 4, mac: nil) }
            if !families.isDisjoint(with: [10, 24, 28, 30]) { return ipv6(data, at: 4, mac: nil) }
            return .frame(DecodedFrame(sourceMAC: nil, content: .other))
        default:
            return .malformed("link.unsupported-\(linkType)")
        }
    }

    private static func network(_ data: [UInt8], at offset: Int, etherType: UInt16, mac: MACAddress?) -> DecodeResult {
        switch etherType {
        case 0x0800: return ipv4(data, at: offset, mac: mac)
        case 0x86DD: return ipv6(data, at: offset, mac: mac)
        case 0x8033: return .frame(DecodedFrame(sourceMAC: mac, content: .sadpL2(data.clamped(offset, data.count))))
        case 0x88CC: return .frame(DecodedFrame(sourceMAC: mac, content: .lldp(data.clamped(offset, data.count))))
        default:
            // An 802.3 length field, then LLC/SNAP with Cisco's OUI and protocol 0x2000: CDP.
            if etherType < 0x0600, data.count >= offset + 8, data[offset..<(offset + 8)].elementsEqual([0xAA, 0xAA, 0x03, 0x00, 0x00, 0x0C, 0x20, 0x00]) {
                return .frame(DecodedFrame(sourceMAC: mac, content: .cdp(data.clamped(offset + 8, data.count))))
            }
            return .frame(DecodedFrame(sourceMAC: mac, content: .other))
        }
    }

    static func ipv4(_ data: [UInt8], at start: Int, mac: MACAddress?) -> DecodeResult {
        guard let versionAndLength = data.u8(start), versionAndLength >> 4 == 4 else { return .malformed("ipv4.bad-version") }
        let headerLength = Int(versionAndLength & 0x0F) * 4
        guard headerLength >= 20 else { return .malformed("ipv4.bad-header-length") }
        guard let totalLength = data.u16(start + 2), let fragmentField = data.u16(start + 6), let proto = data.u8(start + 9),
              let source = IPAddress(ipv4: data, at: start + 12), let destination = IPAddress(ipv4: data, at: start + 16)
        else { return .malformed("ipv4.short") }
        guard data.count >= start + headerLength else { return .malformed("ipv4.options-cut") }
        // Total length 0 appears in captures of TCP segmentation offload; Ethernet padding makes
        // the frame longer than the packet. Snaplen-cut packets end at the captured bytes.
        var end = totalLength == 0 ? data.count : start + Int(totalLength)
        guard end >= start + headerLength else { return .malformed("ipv4.bad-total-length") }
        end = min(end, data.count)
        let payloadStart = start + headerLength
        let fragmentOffset = Int(fragmentField & 0x1FFF) * 8
        let moreFragments = fragmentField & 0x2000 != 0
        if fragmentOffset != 0 || moreFragments {
            guard proto == 17, let identification = data.u16(start + 4) else {
                return .frame(DecodedFrame(sourceMAC: mac, content: .ip(source: source)))
            }
            let fragment = IPv4Fragment(source: source, destination: destination, identification: identification, offset: fragmentOffset, moreFragments: moreFragments, payload: data.clamped(payloadStart, end))
            return .frame(DecodedFrame(sourceMAC: mac, content: .ipv4Fragment(fragment), hopLimit: data.u8(start + 8)))
        }
        return withHopLimit(data.u8(start + 8), transport(data, proto: proto, start: payloadStart, end: end, source: source, destination: destination, mac: mac))
    }

    private static func withHopLimit(_ hopLimit: UInt8?, _ result: DecodeResult) -> DecodeResult {
        guard case .frame(var frame) = result else { return result }
        frame.hopLimit = hopLimit
        return .frame(frame)
    }

    static func ipv6(_ data: [UInt8], at start: Int, mac: MACAddress?) -> DecodeResult {
        guard let first = data.u8(start), first >> 4 == 6 else { return .malformed("ipv6.bad-version") }
        guard let payloadLength = data.u16(start + 4), var next = data.u8(start + 6),
              let source = IPAddress(ipv6: data, at: start + 8), let destination = IPAddress(ipv6: data, at: start + 24)
        else { return .malformed("ipv6.short") }
        var offset = start + 40
        // Jumbograms (payload length 0) and snaplen cuts both end at the captured bytes.
        let end = payloadLength == 0 ? data.count : min(data.count, offset + Int(payloadLength))
        // At most 8 extension headers: a chain longer than that is hostile, not real.
        for _ in 0..<8 {
            switch next {
            case 0, 43, 60:
                guard let following = data.u8(offset), let length = data.u8(offset + 1) else { return .malformed("ipv6.extension-cut") }
                next = following
                offset += (Int(length) + 1) * 8
            case 51:
                guard let following = data.u8(offset), let length = data.u8(offset + 1) else { return .malformed("ipv6.extension-cut") }
                next = following
                offset += (Int(length) + 2) * 4
            case 44:
                guard let following = data.u8(offset), let field = data.u16(offset + 2) else { return .malformed("ipv6.extension-cut") }
                // Fragmented IPv6 datagrams are not reassembled: say so in the counters.
                if field & 0xFFF9 != 0 { return .malformed("ipv6.fragment-ignored") }
                next = following
                offset += 8
            default:
                guard offset <= end else { return .malformed("ipv6.extension-past-end") }
                return withHopLimit(data.u8(start + 7), transport(data, proto: next, start: offset, end: end, source: source, destination: destination, mac: mac))
            }
            guard offset <= end else { return .malformed("ipv6.extension-past-end") }
        }
        return .malformed("ipv6.too-many-extension-headers")
    }

    static func transport(_ data: [UInt8], proto: UInt8, start: Int, end: Int, source: IPAddress, destination: IPAddress, mac: MACAddress?) -> DecodeResult {
        switch proto {
        case 17:
            guard end - start >= 8, let sourcePort = data.u16(start), let destinationPort = data.u16(start + 2), let length = data.u16(start + 4) else {
                return .malformed("udp.short")
            }
            guard length >= 8 || length == 0 else { return .malformed("udp.bad-length") }
            let payloadEnd = length == 0 ? end : min(end, start + Int(length))
            let header = TransportHeader(source: source, destination: destination, sourcePort: sourcePort, destinationPort: destinationPort)
            return .frame(DecodedFrame(sourceMAC: mac, content: .udp(header, data.clamped(start + 8, payloadEnd))))
        case 6:
            guard end - start >= 20, let sourcePort = data.u16(start), let destinationPort = data.u16(start + 2),
                  let sequence = data.u32(start + 4), let offsetByte = data.u8(start + 12), let flags = data.u8(start + 13)
            else { return .malformed("tcp.short") }
            let dataOffset = Int(offsetByte >> 4) * 4
            guard dataOffset >= 20, start + dataOffset <= end else { return .malformed("tcp.bad-data-offset") }
            let header = TransportHeader(source: source, destination: destination, sourcePort: sourcePort, destinationPort: destinationPort)
            return .frame(DecodedFrame(sourceMAC: mac, content: .tcp(TCPSegment(header: header, sequence: sequence, flags: flags, payload: data.clamped(start + dataOffset, end)))))
        case 58 where source.isIPv6:
            guard end - start >= 4 else { return .malformed("icmpv6.short") }
            return .frame(DecodedFrame(sourceMAC: mac, content: .icmpv6(source: source, destination: destination, payload: data.clamped(start, end))))
        default:
            return .frame(DecodedFrame(sourceMAC: mac, content: .ip(source: source)))
        }
    }
}
