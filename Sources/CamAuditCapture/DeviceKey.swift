import CamAuditModel

/// What identifies a reported device: its MAC when the frames' source MAC is its own, else its
/// IP (raw-IP captures, or senders behind a router whose MAC fronts many addresses).
public enum DeviceKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    case mac(MACAddress)
    case ip(IPAddress)

    public var description: String {
        switch self {
        case .mac(let mac): mac.description
        case .ip(let ip): ip.description
        }
    }

    public static func < (lhs: DeviceKey, rhs: DeviceKey) -> Bool {
        switch (lhs, rhs) {
        case (.mac(let a), .mac(let b)): a < b
        case (.ip(let a), .ip(let b)): a < b
        case (.mac, .ip): true
        case (.ip, .mac): false
        }
    }
}
