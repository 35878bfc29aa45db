/// One HTTP(S) request the scanner makes and what came back.
struct HTTPRequest: Sendable {
    var address: ScanAddress
    var port: UInt16
    var tls: Bool
    var method: String
    var path: String
    var headers: [String] = []
    var body: [UInt8] = []
    /// The interface index of a link-local address (CURLOPT_ADDRESS_SCOPE); 0 otherwise.
    var scopeID: UInt32 = 0

    var url: String {
        let host = address.isIPv6 ? "[\(address)]" : address.description
        return "\(tls ? "https" : "http")://\(host):\(port)\(path)"
    }
}

struct HTTPResponse: Sendable {
    enum Failure: Sendable, Equatable {
        /// Nothing answered the connection attempt in time.
        case connectTimedOut
        /// Connected, then the answer did not come in time: counts as loss for the back-off.
        case timedOut
        /// Refused, reset, not HTTP, TLS failure: whatever libcurl said.
        case failed(String)
    }

    /// The status line and headers of the final answer (interim 1xx blocks dropped), CRLF kept.
    var head: [UInt8] = []
    /// The body, cut at the size limit.
    var body: [UInt8] = []
    var status = 0
    /// `Subject:`/`Issuer:`/`Start date:`/`Expire date:` lines of the server's certificate.
    var certificate: String?
    var failure: Failure?

    /// The answer as it came over the wire, for the HTTP dissector.
    var raw: [UInt8] { head + body }
}
