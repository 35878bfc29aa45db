import Foundation
import NIOCore
import NIOPosix

/// Which device a listener belongs to, for the log.
struct DeviceEndpoint: Sendable {
    var name: String
    var address: String
}

/// One accepted TCP connection to a simulated device port.
final class FleetConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// A connection is closed after this long whatever happens, so a stuck client cannot pin it.
    static let connectionLifetime = TimeAmount.seconds(120)
    /// How long a greeting service waits for the client to speak first.
    static let greetingDelay = TimeAmount.milliseconds(300)

    private let device: DeviceEndpoint
    private let port: Int
    private let behaviour: TCPBehaviour
    private let log: FleetRequestLog
    private var buffer: [UInt8] = []
    private var answered = false
    private var logged = false

    init(device: DeviceEndpoint, port: Int, behaviour: TCPBehaviour, log: FleetRequestLog) {
        self.device = device
        self.port = port
        self.behaviour = behaviour
        self.log = log
    }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        channel.eventLoop.scheduleTask(in: Self.connectionLifetime) { channel.close(promise: nil) }
        switch behaviour {
        case .reset:
            logRaw(context: context, bytes: [])
            // SO_LINGER with a zero timeout makes close() send RST instead of FIN.
            if let provider = channel as? SocketOptionProvider {
                provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
            } else {
                channel.close(promise: nil)
            }
        case .garbage(let seed):
            logRaw(context: context, bytes: [])
            write(context: context, FleetNoise.bytes(seed: seed, count: 4096), thenClose: true)
        case .replyToAnyBytes(let reply):
            // The Hikvision SDK port greets a silent client too (nmap's NULL probe matches it).
            let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: Self.greetingDelay) {
                let (handler, context) = bound.value
                guard !handler.answered, context.channel.isActive else { return }
                handler.answered = true
                handler.logRaw(context: context, bytes: [], protocolName: "hik-sdk")
                handler.write(context: context, reply, thenClose: false)
            }
        default:
            break
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if let bytes = incoming.readBytes(length: incoming.readableBytes) { buffer += bytes }
        guard buffer.count <= TextRequest.maxHeaderBytes + TextRequest.maxBodyBytes else {
            context.close(promise: nil)
            return
        }
        switch behaviour {
        case .http(let routes):
            guard !answered else { return }
            switch TextRequest.parse(buffer) {
            case .needMore: return
            case .invalid:
                logRaw(context: context, bytes: buffer)
                context.close(promise: nil)
            case .complete(let request):
                answered = true
                logText(context: context, request, protocolName: "http")
                write(context: context, routes.answer(method: request.method, target: request.target, body: request.body), thenClose: true)
            }
        case .rtsp(let options, let describe):
            while case .complete(let request) = TextRequest.parse(buffer) {
                buffer.removeFirst(request.length)
                logText(context: context, request, protocolName: "rtsp")
                let recorded = request.method.uppercased() == "OPTIONS" ? options : describe
                write(context: context, RTSPAnswer.withCSeq(recorded, cseq: request.header("CSeq")), thenClose: false)
            }
            if case .invalid = TextRequest.parse(buffer) {
                logRaw(context: context, bytes: buffer)
                context.close(promise: nil)
            }
        case .replyToAnyBytes(let reply):
            logRaw(context: context, bytes: buffer, protocolName: "hik-sdk")
            buffer.removeAll()
            if !answered {
                answered = true
                write(context: context, reply, thenClose: false)
            }
        case .dvripRealm(let reply):
            guard buffer.count >= 32 else { return }
            logRaw(context: context, bytes: buffer, protocolName: "dvrip")
            let isRealmRequest = buffer[0] == 0xA0 && buffer[1] == 0x01
            buffer.removeAll()
            if isRealmRequest && !answered {
                answered = true
                write(context: context, reply, thenClose: false)
            } else {
                context.close(promise: nil)
            }
        case .silent:
            logRaw(context: context, bytes: buffer)
            buffer.removeAll(keepingCapacity: true)
        case .slow(let reply, let interval):
            guard !answered, case .complete(let request) = TextRequest.parse(buffer) else { return }
            answered = true
            logText(context: context, request, protocolName: "http")
            Self.drip(channel: context.channel, bytes: reply[...], interval: .milliseconds(Int64(interval)))
        case .hugeHeaders(let size):
            guard !answered, case .complete(let request) = TextRequest.parse(buffer) else { return }
            answered = true
            logText(context: context, request, protocolName: "http")
            write(context: context, FleetNoise.hugeHeaderResponse(headerBytes: size), thenClose: true)
        case .endlessBody:
            guard !answered, case .complete(let request) = TextRequest.parse(buffer) else { return }
            answered = true
            logText(context: context, request, protocolName: "http")
            write(context: context, Array("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n".utf8), thenClose: false)
            Self.stream(channel: context.channel, chunk: context.channel.allocator.buffer(bytes: FleetNoise.bytes(seed: 7, count: 16 * 1024)))
        case .reset, .garbage:
            buffer.removeAll()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    // MARK: Writing

    private func write(context: ChannelHandlerContext, _ bytes: [UInt8], thenClose: Bool) {
        let channel = context.channel
        let future = context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(bytes: bytes)))
        if thenClose { future.whenComplete { _ in channel.close(promise: nil) } }
    }

    private static func drip(channel: Channel, bytes: ArraySlice<UInt8>, interval: TimeAmount) {
        guard let first = bytes.first, channel.isActive else {
            channel.close(promise: nil)
            return
        }
        channel.writeAndFlush(channel.allocator.buffer(bytes: [first])).whenSuccess {
            channel.eventLoop.scheduleTask(in: interval) { Self.drip(channel: channel, bytes: bytes.dropFirst(), interval: interval) }
        }
    }

    /// Writes the same chunk for as long as the client reads; each write waits for the last.
    private static func stream(channel: Channel, chunk: ByteBuffer) {
        guard channel.isActive else { return }
        channel.writeAndFlush(chunk).whenSuccess { Self.stream(channel: channel, chunk: chunk) }
    }

    // MARK: Logging

    private func source(_ context: ChannelHandlerContext) -> String {
        guard let remote = context.remoteAddress else { return "?" }
        return "\(remote.ipAddress ?? "?"):\(remote.port ?? 0)"
    }

    private func logText(context: ChannelHandlerContext, _ request: TextRequest, protocolName: String) {
        log.append(LoggedRequest(
            time: log.elapsed, device: device.name, deviceAddress: device.address, transport: "tcp", port: port,
            protocolName: protocolName, source: source(context), method: request.method, path: request.target,
            headers: request.headers, bodyBytes: request.body.count,
            operation: protocolName == "http" ? SOAPOperation.name(in: request.body) : nil))
    }

    /// Logs a non-text request once per connection (a silent port logs only its first bytes).
    private func logRaw(context: ChannelHandlerContext, bytes: [UInt8], protocolName: String = "raw") {
        guard !logged else { return }
        logged = true
        let method = bytes.count >= 2 ? bytes.prefix(2).map { String($0, radix: 16).leftPadded(2) }.joined() : nil
        log.append(LoggedRequest(
            time: log.elapsed, device: device.name, deviceAddress: device.address, transport: "tcp", port: port,
            protocolName: protocolName, source: source(context), method: method, path: nil, headers: [],
            bodyBytes: bytes.count, operation: nil))
    }
}

/// The first element inside a SOAP Body, without its prefix: the ONVIF operation asked for.
enum SOAPOperation {
    static func name(in body: [UInt8]) -> String? {
        let text = String(decoding: body.prefix(16 * 1024), as: UTF8.self)
        guard let bodyTag = text.range(of: "Body") else { return nil }
        guard let close = text[bodyTag.upperBound...].firstIndex(of: ">") else { return nil }
        let rest = text[text.index(after: close)...].drop(while: { $0 != "<" }).dropFirst()
        let element = rest.prefix(while: { !" />\t\r\n".contains($0) })
        guard let local = element.split(separator: ":").last, !local.isEmpty else { return nil }
        return String(local)
    }
}

enum RTSPAnswer {
    /// The recorded answer with its CSeq set to the request's (RTSP clients match on it).
    static func withCSeq(_ recorded: [UInt8], cseq: String?) -> [UInt8] {
        guard let cseq else { return recorded }
        var text = String(decoding: recorded, as: UTF8.self)
        if let start = text.range(of: "\r\nCSeq:", options: .caseInsensitive),
           let end = text.range(of: "\r\n", range: start.upperBound..<text.endIndex) {
            text.replaceSubrange(start.upperBound..<end.lowerBound, with: " \(cseq)")
        } else if let firstLine = text.range(of: "\r\n") {
            text.insert(contentsOf: "CSeq: \(cseq)\r\n", at: firstLine.upperBound)
        }
        return Array(text.utf8)
    }
}
