/// What kind of device it is, in the words a board report uses.
public enum DeviceType: String, Sendable, Hashable, Codable, CaseIterable {
    case camera = "camera"
    case ptz = "ptz"
    case nvr = "nvr"
    case dvr = "dvr"
    case thermal = "thermal"
    case doorbell = "doorbell"
    case intercom = "intercom"
    case accessControl = "access-control"
    case encoder = "encoder"
    case alarm = "alarm"
    case other = "other"

    /// Accepts the names fingerprints use and the looser words devices report (`IPCamera`, `IPDome`).
    public init?(loose text: String) {
        let key = DeviceText.lowercasedLetters(of: text, keepingDigits: false) ?? text.lowercased().filter { $0.isLetter }
        switch key {
        case "camera", "ipcamera", "ipc", "webcam", "networkcamera": self = .camera
        case "ptz", "ipdome", "speeddome", "dome": self = .ptz
        case "nvr", "networkvideorecorder": self = .nvr
        case "dvr", "xvr", "hcvr", "digitalvideorecorder", "embeddednetdvr": self = .dvr
        case "thermal", "thermalcamera", "feverscreening": self = .thermal
        case "doorbell": self = .doorbell
        case "intercom", "doorstation", "indoorstation", "vto", "vth": self = .intercom
        case "accesscontrol", "acs", "bsc", "faceterminal": self = .accessControl
        case "encoder", "videoencoder", "decoder": self = .encoder
        case "alarm", "alarmpanel": self = .alarm
        case "other": self = .other
        default: return nil
        }
    }

    /// Plain words for reports.
    public var label: String {
        switch self {
        case .camera: "IP camera"
        case .ptz: "PTZ camera"
        case .nvr: "network video recorder"
        case .dvr: "digital video recorder"
        case .thermal: "thermal / temperature-screening camera"
        case .doorbell: "video doorbell"
        case .intercom: "video intercom"
        case .accessControl: "access control terminal"
        case .encoder: "video encoder"
        case .alarm: "alarm panel"
        case .other: "other device"
        }
    }
}
