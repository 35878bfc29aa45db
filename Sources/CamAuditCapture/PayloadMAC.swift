import CamAuditModel
import CamAuditSignatures
import Foundation

/// The hardware address a device states about itself in a payload: what a report names as its
/// MAC when its frames came through a router and carry the router's.
enum PayloadMAC {
    /// Fields that hold the device's own MAC: DHIP `mac`, SADP `MAC` (and `mac.oui` from the
    /// SADP, DHIP, DHCP `chaddr`, ONVIF `mac/` scope, ISAPI and Dahua RPC/DVRIP dissectors, and
    /// the IPv6 neighbour discovery link-layer options and DHCPv6 DUID-LL/DUID-LLT), the
    /// Dahua 5050 answer's MAC. The frame's own `mac.oui` (protocol `ethernet`) is not a payload.
    static let fields: Set<String> = [
        ObservationField.macAddress, ObservationField.dhipMAC, ObservationField.sadpMAC, ObservationField.isapiMAC,
        ObservationField.dahuaRPCMAC, ObservationField.dahuaLegacyMAC,
    ]

    /// The first stated MAC in evidence order; a UPnP UUID's tail only when nothing states one.
    static func find(in observations: [Observation]) -> MACAddress? {
        var fromUUID: MACAddress?
        for observation in observations {
            if fields.contains(observation.field), observation.source.protocolName != "ethernet",
               let mac = address(observation.value) {
                return mac
            }
            if fromUUID == nil, observation.field == ObservationField.ssdpUSN {
                fromUUID = uuidTail(observation.value)
            }
        }
        return fromUUID
    }

    /// A unicast, non-zero MAC in any of the usual spellings.
    static func address(_ text: String) -> MACAddress? {
        guard let value = MACText.number(text) else { return nil }
        let mac = MACAddress(value: value)
        return mac.isGroup || mac.isZero ? nil : mac
    }

    /// The last 12 hex digits of a `uuid:` in a UPnP USN, trusted only when their prefix is a
    /// camera maker's OUI in the registry extract. Hikvision's UUIDs end in the device's MAC
    /// (the ISAPI `deviceID` `…-bcad28889498` of `macAddress` `bc:ad:28:88:94:98`,
    /// protocols.md §1.1 and §4.3); other stacks use random UUIDs, whose tail falls on one of
    /// the extract's ~130 prefixes about once in 100,000 (130 / 2^24), so the OUI cross-check
    /// protocols.md asks for keeps a random tail from passing as a MAC.
    static func uuidTail(_ usn: String) -> MACAddress? {
        guard let start = usn.range(of: "uuid:", options: .caseInsensitive)?.upperBound else { return nil }
        let uuid = usn[start...].prefix(36)
        let hex = uuid.filter(\.isHexDigit)
        guard uuid.count == 36, hex.count == 32 else { return nil }
        let tail = String(hex.suffix(12))
        guard BuiltInSignatures.table.ouiAssignment(forMAC: tail) != nil else { return nil }
        return address(tail)
    }
}
