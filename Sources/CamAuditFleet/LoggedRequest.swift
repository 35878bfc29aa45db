/// One request the fleet received: enough to prove what a scanner did and did not do.
public struct LoggedRequest: Sendable, Codable, Equatable {
    /// Seconds since the fleet started.
    public var time: Double
    public var device: String
    public var deviceAddress: String
    /// `tcp` or `udp`.
    public var transport: String
    public var port: Int
    /// `http`, `rtsp`, `hik-sdk`, `dvrip`, `sadp`, `dhip`, `dahua-5050`, `ws-discovery`, `ssdp`, `raw`.
    public var protocolName: String
    /// `address:port` of the sender.
    public var source: String
    /// HTTP/RTSP method, SADP `Types` verb, or the first two bytes in hex for binary protocols.
    public var method: String?
    /// HTTP/RTSP request target.
    public var path: String?
    /// Header names and values as received, in order.
    public var headers: [[String]]
    public var bodyBytes: Int
    /// SOAP operation (first element of the body) for ONVIF requests.
    public var operation: String?

    public func header(_ name: String) -> String? {
        headers.first { $0.first?.lowercased() == name.lowercased() }?.last
    }
}
