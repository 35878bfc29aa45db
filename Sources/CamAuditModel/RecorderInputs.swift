/// What a recorder's model number says about the cameras behind it: its video inputs and the
/// PoE ports of its own camera switch. Cameras on those ports sit on the recorder's private
/// network; an analog or HD-over-coax DVR's cameras are not network devices at all.
public struct RecorderInputs: Sendable, Hashable, Codable {
    public var channels: Int?
    public var poePorts: Int?

    public init(channels: Int?, poePorts: Int?) {
        self.channels = channels
        self.poePorts = poePorts
    }

    /// Cameras this recorder may hide from a scan: an NVR's built-in PoE ports (its other
    /// channels take cameras on the LAN, which a scan sees), a DVR's channels (coax cameras).
    /// A hybrid (XVR) is counted as a DVR: "up to".
    public func hiddenCameras(deviceType: String?) -> Int {
        deviceType == "dvr" ? channels ?? 0 : poePorts ?? 0
    }
}
