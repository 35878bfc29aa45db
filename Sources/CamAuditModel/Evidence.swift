/// An observation that a fingerprint (or the OUI registry) recognised, with what it implies.
public struct Evidence: Sendable, Hashable, Codable {
    public var field: String
    public var value: String
    /// The fingerprint id, or `oui:<prefix>` for a registry match, or `model:<rule>`.
    public var fingerprintID: String
    /// The attributes the match set (`hw.maker`, `hw.product`, …).
    public var attributes: [String: String]
    /// How much this one signal supports the maker it names, 0…1.
    public var certainty: Double
    public var basis: EvidenceBasis
    public var source: EvidenceSource

    public init(field: String, value: String, fingerprintID: String, attributes: [String: String], certainty: Double, basis: EvidenceBasis, source: EvidenceSource) {
        self.field = field
        self.value = value
        self.fingerprintID = fingerprintID
        self.attributes = attributes
        self.certainty = certainty
        self.basis = basis
        self.source = source
    }

    public var maker: String? { attributes[AttributeName.maker] }
}

/// What kind of claim a piece of evidence makes about the maker (banlists.md §5, layer A).
public enum EvidenceBasis: String, Sendable, Hashable, Codable {
    /// The maker's own name, certificate, registered OUI or model numbering: identifies the maker.
    case identity
    /// A protocol or firmware trait that public evidence ties to the maker's platform alone
    /// (its relabels share it, other makers do not): enough on its own to say `likely-covered`.
    case platform
    /// A firmware or protocol stack the maker uses that other makers' firmware also sends
    /// (`Rtsp Server/2.0`, a generic realm): points at the maker, never proves it alone.
    case stack
    /// Circumstantial (port habits, generic words): only raises or lowers confidence.
    case hint
}

/// Attribute names, as recog names them, plus `hw.maker` for the true manufacturer.
public enum AttributeName {
    public static let maker = "hw.maker"
    public static let brand = "hw.vendor"
    public static let model = "hw.product"
    public static let deviceType = "hw.device"
    public static let firmware = "os.version"
    public static let serial = "hw.serial"
    public static let mac = "hw.mac"
    /// A recorder's video inputs and built-in PoE camera ports, from its model number
    /// (`Signatures/model/recorder_inputs.xml`): cameras behind it the network cannot see.
    public static let channels = "hw.channels"
    public static let poePorts = "hw.poe_ports"

    public static let all: Set<String> = [maker, brand, model, deviceType, firmware, serial, mac, channels, poePorts]
}
