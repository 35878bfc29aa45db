/// What an HTTP port answers, by method and path. Paths are compared without the query string.
public struct HTTPRoutes: Sendable {
    public var routes: [HTTPRoute]
    /// Answer for every other request.
    public var fallback: [UInt8]

    public init(_ routes: [HTTPRoute], fallback: [UInt8] = HTTPRoutes.notFound) {
        self.routes = routes
        self.fallback = fallback
    }

    /// A bare 404 that names no product, for paths a device does not serve.
    public static let notFound = Array("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)

    func answer(method: String, target: String, body: [UInt8]) -> [UInt8] {
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? target
        let requestMethod = method == "HEAD" ? "GET" : method
        for route in routes where route.method == requestMethod {
            if route.matchesPrefix ? path.hasPrefix(route.path) : path == route.path {
                switch route.answer {
                case .fixed(let bytes): return bytes
                case .onvif(let service): return service.answer(body: body)
                }
            }
        }
        return fallback
    }
}

public struct HTTPRoute: Sendable {
    public var method: String
    public var path: String
    public var matchesPrefix: Bool
    public var answer: HTTPAnswer

    public static func get(_ path: String, prefix: Bool = false, _ bytes: [UInt8]) -> HTTPRoute {
        HTTPRoute(method: "GET", path: path, matchesPrefix: prefix, answer: .fixed(bytes))
    }

    public static func post(_ path: String, _ bytes: [UInt8]) -> HTTPRoute {
        HTTPRoute(method: "POST", path: path, matchesPrefix: false, answer: .fixed(bytes))
    }
}

public enum HTTPAnswer: Sendable {
    case fixed([UInt8])
    case onvif(ONVIFDeviceService)
}
