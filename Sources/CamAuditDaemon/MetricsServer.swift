import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// Serves `GET /metrics` in the Prometheus text format on one address (127.0.0.1 by default),
/// with SwiftNIO's HTTP/1 server pipeline. One request per connection; a connection idle for
/// 2 s is closed, and NIO's parser bounds the request head, so a stuck client cannot hold it.
public final class MetricsServer: Service, Sendable {
    private let address: String
    private let port: Int
    private let metrics: DaemonMetrics
    private let logger: Logger

    public init(address: String, port: Int, metrics: DaemonMetrics, logger: Logger) {
        self.address = address
        self.port = port
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        let metrics = self.metrics
        let channel: Channel
        do {
            channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: .seconds(2)))
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler(metrics: metrics))
                    }
                }
                .bind(host: address, port: port).get()
        } catch {
            throw MetricsServerError("cannot listen on \(address):\(port) for metrics (\(error)); pick another metrics.port, or stop what holds it")
        }
        logger.info("metrics.listening", metadata: ["metrics.address": "\(address):\(channel.localAddress?.port ?? port)"])
        try? await gracefulShutdown()
        try? await channel.close()
    }
}

/// Answers one request: `/metrics`, 404 for other paths, 405 for other methods.
final class MetricsHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let metrics: DaemonMetrics
    private var head: HTTPRequestHead?

    init(metrics: DaemonMetrics) { self.metrics = metrics }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end:
            guard let head else { return }
            let (status, body): (HTTPResponseStatus, String)
            if head.method != .GET {
                (status, body) = (.methodNotAllowed, "send GET /metrics\n")
            } else if head.uri == "/metrics" || head.uri.hasPrefix("/metrics?") {
                (status, body) = (.ok, metrics.exposition())
            } else {
                (status, body) = (.notFound, "camaudit serves only /metrics\n")
            }
            let buffer = context.channel.allocator.buffer(string: body)
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")
            headers.add(name: "Content-Length", value: String(buffer.readableBytes))
            headers.add(name: "Connection", value: "close")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                loopBound.value.close(promise: nil)
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}

struct MetricsServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
