/// One simulated host: where it lives, its MAC, what it is, and how each of its ports answers.
public struct FleetDevice: Sendable {
    /// Stable name, e.g. `jefferson-high-hik-ip-camera-03`.
    public var name: String
    public var site: String
    /// Dotted IPv4 address.
    public var address: String
    /// Lower-case colon-separated MAC; the OUI is the profile's maker's where it has one.
    public var mac: String
    public var truth: DeviceTruth
    /// The profile it was built from (`hik-ip-camera`, `hp-printer`, …).
    public var profile: String
    public var tcp: [TCPService]
    public var udp: [UDPService]

    public var tcpPorts: [Int] { tcp.map(\.port).sorted() }
    public var udpPorts: [Int] { udp.map(\.port).sorted() }
}

public struct TCPService: Sendable {
    public var port: Int
    public var behaviour: TCPBehaviour
}

public struct UDPService: Sendable {
    public var port: Int
    public var behaviour: UDPBehaviour
}

/// How a TCP port answers.
public enum TCPBehaviour: Sendable {
    /// HTTP/1.x: each request is answered from the routes, then the connection closes (many
    /// recorded responses carry no length, so closing is the only honest framing).
    case http(HTTPRoutes)
    /// RTSP: OPTIONS and DESCRIBE answered as recorded (CSeq echoed); everything else gets the
    /// recorded 401, as an unauthenticated client would.
    case rtsp(options: [UInt8], describe: [UInt8])
    /// A binary service that answers the first bytes it receives with a recorded reply (TCP/8000).
    case replyToAnyBytes([UInt8])
    /// Dahua DVRIP (TCP/37777): only the realm request is answered; anything else is closed.
    case dvripRealm([UInt8])
    /// Accepts and reads, never answers.
    case silent
    /// Answers with the bytes one at a time, `interval` apart.
    case slow([UInt8], intervalMilliseconds: Int)
    /// Accepts, then resets the connection (RST, not FIN).
    case reset
    /// An HTTP response whose header block is this many bytes long.
    case hugeHeaders(bytes: Int)
    /// An HTTP 200 whose body never ends.
    case endlessBody
    /// Answers any connection with deterministic random bytes, then closes.
    case garbage(seed: UInt64)
}

/// How a UDP discovery port answers.
public enum UDPBehaviour: Sendable {
    /// Hikvision SADP (37020): `inquiry` gets the XML answer with the request's Uuid echoed.
    case sadp(answer: String)
    /// Dahua DHIP (37810): any datagram gets the recorded 32-byte header and JSON.
    case dhip(answer: [UInt8])
    /// Dahua legacy discovery (5050): the `a3 01` request gets the `b3` answer.
    case dahuaLegacy(answer: [UInt8])
    /// ONVIF WS-Discovery (3702): a Probe gets ProbeMatches relating to its MessageID.
    case wsDiscovery(ProbeMatchTemplate)
    /// SSDP (1900): an M-SEARCH gets the 200 answer.
    case ssdp(answer: String)
    /// Any datagram gets these recorded bytes as they are (a replayed device's answer).
    case recorded(protocolName: String, answer: [UInt8])
    /// Any datagram gets deterministic random bytes.
    case garbage(seed: UInt64)
}
