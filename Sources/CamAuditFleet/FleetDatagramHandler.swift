import Foundation
import NIOCore

/// One simulated device's UDP discovery port: logs each datagram and answers it as the
/// device would, to the sender's address and port.
final class FleetDatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    /// Datagrams larger than this are logged but not parsed.
    static let maxParsedBytes = 64 * 1024

    private let device: DeviceEndpoint
    private let port: Int
    private let behaviour: UDPBehaviour
    private let log: FleetRequestLog
    private var answers = 0

    init(device: DeviceEndpoint, port: Int, behaviour: UDPBehaviour, log: FleetRequestLog) {
        self.device = device
        self.port = port
        self.behaviour = behaviour
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        var payload = envelope.data
        let bytes = payload.readBytes(length: min(payload.readableBytes, Self.maxParsedBytes)) ?? []
        let text = String(decoding: bytes, as: UTF8.self)
        var method: String?
        var answer: [UInt8]?
        let protocolName: String
        switch behaviour {
        case .sadp(let template):
            protocolName = "sadp"
            method = Self.element("Types", in: text)
            if method == "inquiry" || method == "inquiry_v32" {
                let uuid = Self.element("Uuid", in: text) ?? ""
                answer = Array(Personalisation.replacingElement("Uuid", in: template, with: uuid).utf8)
            }
        case .dhip(let recorded):
            protocolName = "dhip"
            method = bytes.count >= 8 && bytes[4...7].elementsEqual("DHIP".utf8) ? "DHIP" : nil
            answer = recorded
        case .dahuaLegacy(let recorded):
            protocolName = "dahua-5050"
            method = bytes.count >= 2 ? bytes.prefix(2).map { String($0, radix: 16).leftPadded(2) }.joined() : nil
            if bytes.count >= 2, bytes[0] == 0xA3, bytes[1] == 0x01 { answer = recorded }
        case .wsDiscovery(let template):
            protocolName = "ws-discovery"
            if text.contains("Probe"), !text.contains("ProbeMatches") {
                method = "Probe"
                answers += 1
                let messageID = Self.element("MessageID", in: text, anyPrefix: true) ?? ""
                answer = Array(template.answer(relatesTo: messageID, messageNumber: answers).utf8)
            }
        case .ssdp(let recorded):
            protocolName = "ssdp"
            method = text.split(separator: " ", maxSplits: 1).first.map(String.init)
            if text.hasPrefix("M-SEARCH") { answer = Array(recorded.utf8) }
        case .recorded(let name, let recorded):
            protocolName = name
            answer = recorded
        case .garbage(let seed):
            protocolName = "raw"
            answer = FleetNoise.bytes(seed: seed, count: 512)
        }
        log.append(LoggedRequest(
            time: log.elapsed, device: device.name, deviceAddress: device.address, transport: "udp", port: port,
            protocolName: protocolName, source: "\(envelope.remoteAddress.ipAddress ?? "?"):\(envelope.remoteAddress.port ?? 0)",
            method: method, path: nil, headers: [], bodyBytes: envelope.data.readableBytes, operation: nil))
        guard let answer else { return }
        let reply = AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: context.channel.allocator.buffer(bytes: answer))
        context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A datagram socket keeps serving after an ICMP error for one peer.
    }

    /// The text of the first `<name>` or `<prefix:name>` element (bounded, no entity handling).
    static func element(_ name: String, in text: String, anyPrefix: Bool = false) -> String? {
        var searchStart = text.startIndex
        while let open = text.range(of: name + ">", range: searchStart..<text.endIndex) {
            searchStart = open.upperBound
            let before = text[..<open.lowerBound]
            let tagStart = before.lastIndex(of: "<")
            guard let tagStart else { continue }
            let between = text[text.index(after: tagStart)..<open.lowerBound]
            guard between.isEmpty || (anyPrefix && between.hasSuffix(":") && !between.contains("/")) else { continue }
            guard let close = text.range(of: "</", range: open.upperBound..<text.endIndex) else { return nil }
            let value = text[open.upperBound..<close.lowerBound]
            return value.count <= 256 ? String(value).trimmingSpaces : nil
        }
        return nil
    }
}
