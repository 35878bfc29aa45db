/// Where a device's reported MAC comes from. A frame's source MAC is the sender's own only on
/// its own segment; behind a router every frame carries the router's, and the device's own
/// address is known only if the device states it in a payload (DHIP, SADP, DHCP, …).
public enum MACSource: String, Sendable, Codable, CaseIterable {
    /// The source MAC of the frames the device sent: it is on the capture's segment.
    case frame
    /// The hardware address the device reported about itself in a payload.
    case payload
    /// No MAC known: the frames came through a router and the device stated none.
    case none
}
