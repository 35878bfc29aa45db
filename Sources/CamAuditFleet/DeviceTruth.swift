/// What a simulated device really is: the answer key that tests and the benchmark grade a
/// scanner against.
public struct DeviceTruth: Sendable, Equatable {
    /// The true manufacturer, lower case as in the corpus (`hikvision`, `dahua`, `axis`, `hp`, …);
    /// `none` for hosts that give nothing away.
    public var maker: String
    /// The name on the label (`Lorex`, `HiLook`, `Intelbras`, …).
    public var brand: String
    public var model: String?
    /// `camera`, `ptz`, `nvr`, `dvr`, `thermal`, `doorbell`, `intercom`, `access-control`,
    /// `encoder`, or an ordinary kind: `printer`, `nas`, `web-server`, `router`, `wap`, `media`, `awkward`.
    public var deviceType: String
    /// Made by Hikvision or Dahua (or a subsidiary): what a ban-list audit must find.
    public var covered: Bool

    public init(maker: String, brand: String, model: String?, deviceType: String, covered: Bool) {
        self.maker = maker
        self.brand = brand
        self.model = model
        self.deviceType = deviceType
        self.covered = covered
    }

    /// Camera-class equipment: what the district counts as surveillance hardware.
    public var cameraClass: Bool {
        ["camera", "ptz", "nvr", "dvr", "thermal", "doorbell", "intercom", "access-control", "encoder"].contains(deviceType)
    }
}
