/// Whether a packet's IPv4 TTL or IPv6 hop limit says a router forwarded it. Stacks start at 64
/// (Linux, so the makers' cameras and recorders, and macOS), 128 (Windows) or 255 (network
/// equipment, NDP, mDNS); every router takes one off and rewrites the frame's source MAC to
/// its own. So a value just under one of these marks the frame MAC as a router's.
///
/// Values of 32 and below are never read as forwarded: discovery multicast is sent with a TTL
/// of 1 to 32 on purpose. A host whose stack starts elsewhere (60, 100, 200 are rare) is read
/// as forwarded; that costs its frame MAC in the report (it is keyed by its address), never
/// a merge with another device.
enum HopLimit {
    /// Three comparisons rather than a set: this runs for every packet with an IP header.
    static func looksForwarded(_ value: UInt8) -> Bool {
        value > 32 && value != 64 && value != 128 && value != 255
    }
}
