/// Who made a device and what it is, combined from all its evidence.
public struct Identity: Sendable, Hashable, Codable {
    /// The true manufacturer (a maker id such as `hikvision`), behind any relabel.
    public var maker: String?
    /// The name on the label, when it differs or is known.
    public var brand: String?
    public var model: String?
    public var firmware: String?
    public var deviceType: DeviceType?
    public var serial: String?
    public var mac: String?
    /// Combined support for `maker`, 0…1.
    public var confidence: Double
    /// Evidence naming another maker than the one chosen: reported, never hidden.
    public var conflicts: [Conflict]
    public var evidence: [Evidence]

    public init(maker: String? = nil, brand: String? = nil, model: String? = nil, firmware: String? = nil, deviceType: DeviceType? = nil, serial: String? = nil, mac: String? = nil, confidence: Double = 0, conflicts: [Conflict] = [], evidence: [Evidence] = []) {
        self.maker = maker
        self.brand = brand
        self.model = model
        self.firmware = firmware
        self.deviceType = deviceType
        self.serial = serial
        self.mac = mac
        self.confidence = confidence
        self.conflicts = conflicts
        self.evidence = evidence
    }
}

public struct Conflict: Sendable, Hashable, Codable {
    public var maker: String
    public var confidence: Double
    public var fingerprintIDs: [String]

    public init(maker: String, confidence: Double, fingerprintIDs: [String]) {
        self.maker = maker
        self.confidence = confidence
        self.fingerprintIDs = fingerprintIDs
    }
}
