/// A kind of device in the simulated district: what it is, which OUIs its MACs come from, and
/// how it answers once it has an address and a MAC.
struct DeviceProfile: Sendable {
    var key: String
    var truth: DeviceTruth
    /// OUIs (6 hex digits) its MACs are drawn from; empty means a locally administered MAC
    /// (makers whose registry entry the project does not carry).
    var ouis: [String]
    var services: @Sendable (DeviceContext) -> (tcp: [TCPService], udp: [UDPService])
}

/// What a profile needs to build one device's answers.
struct DeviceContext: Sendable {
    var name: String
    var address: String
    var mac: String
    /// Position of the device among those of its profile, for serials that differ per unit.
    var unit: Int
}
