import CamAuditCapture
import Foundation

/// Builds the capture fixtures in Tests/Fixtures/pcap/ from recorded responses in the corpus.
/// The frames are bytes in a file: nothing is ever sent. Every payload a device sends is a
/// corpus record; the tool side (probes, requests) is the documented request of
/// protocols.md. Addresses are in 10.77.0.0/16; MACs are the corpus MAC when the record
/// has one, else locally administered (02:77:…) so that only the protocol evidence counts.
enum FixtureBuilder {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtureDirectory = packageRoot.appendingPathComponent("Tests/Fixtures/pcap")
    static let corpusPath = packageRoot.appendingPathComponent("Tests/Fixtures/corpus/corpus.jsonl").path

    enum Failure: Error { case missingRecord(String), badHex(String) }

    /// The corpus payload of a record, hex-decoded when the record says so.
    static func corpusPayload(_ id: String) throws -> [UInt8] {
        let text = try String(contentsOfFile: corpusPath, encoding: .utf8)
        for line in text.split(separator: "\n") {
            guard let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], record["id"] as? String == id,
                  let payload = record["payload"] as? String else { continue }
            if record["encoding"] as? String == "hex" {
                guard let bytes = hex(payload) else { throw Failure.badHex(id) }
                return bytes
            }
            return Array(payload.utf8)
        }
        throw Failure.missingRecord(id)
    }

    static func hex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < digits.count {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            out.append(byte)
            index += 2
        }
        return out
    }

    // MARK: - Hosts

    struct Host {
        var mac: String
        var ip: String
    }

    static let workstation = Host(mac: "02:77:00:00:00:0a", ip: "10.77.0.10")
    static let router = Host(mac: "02:77:00:00:00:01", ip: "10.77.0.1")
    static let hikIntercom = Host(mac: "c0:56:e3:aa:bb:cc", ip: "10.77.0.64")
    static let dahuaCamera = Host(mac: "4c:11:bf:12:34:56", ip: "10.77.0.108")
    static let intelbrasTerminal = Host(mac: "b4:4c:3b:f4:e3:01", ip: "10.77.20.30")
    static let hikHTTPCamera = Host(mac: "02:77:00:00:00:41", ip: "10.77.0.41")
    static let hikRTSPCamera = Host(mac: "02:77:00:00:00:42", ip: "10.77.0.42")
    static let ordinaryServer = Host(mac: "02:77:00:00:00:50", ip: "10.77.0.50")
    static let broadcast = Host(mac: "ff:ff:ff:ff:ff:ff", ip: "255.255.255.255")
    static let sadpGroup = Host(mac: "01:00:5e:7f:ff:fa", ip: "239.255.255.250")
    static let dhipGroup = Host(mac: "01:00:5e:7f:ff:fb", ip: "239.255.255.251")

    /// 2026-09-21T14:13:20Z, then one millisecond per packet.
    static let startMicroseconds: UInt64 = 1_790_000_000 * 1_000_000

    /// The packets of the sample site, in capture order.
    static func sitePackets() throws -> [[UInt8]] {
        var packets: [[UInt8]] = []
        let w = workstation

        // SADP: the tool's documented inquiry (protocols.md §3.1), the intercom's answer.
        let probe = Array(#"<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>2E0B3E5A-8C51-4F57-9D6B-1F0D6C3A7B10</Uuid><Types>inquiry</Types></Probe>"#.utf8)
        packets.append(Frames.udp(from: w, to: sadpGroup, sourcePort: 37020, destinationPort: 37020, payload: probe, id: 1))
        packets.append(Frames.udp(from: hikIntercom, to: w, sourcePort: 37020, destinationPort: 37020, payload: try corpusPayload("ref-05a3e32059"), id: 2))
        // Layer-2 SADP InquiryResponse from the same intercom (protocols.md §3.2 header).
        packets.append(Frames.ethernet(from: hikIntercom.mac, to: broadcast.mac, type: 0x8033, payload: Frames.layer2SADP(op: 0x04, from: hikIntercom, to: w)))
        // DNS: the intercom asks for its cloud platform; the router's answer is not the router's evidence.
        packets.append(Frames.udp(from: hikIntercom, to: router, sourcePort: 40000, destinationPort: 53, payload: Frames.dnsQuery("dev.hik-connect.com", id: 0x1A2B), id: 3))
        packets.append(Frames.udp(from: router, to: hikIntercom, sourcePort: 53, destinationPort: 40000, payload: Frames.dnsResponse("dev.hik-connect.com", id: 0x1A2B), id: 4))

        // DHIP: the documented search (protocols.md §5.1), then two answers, one VLAN-tagged.
        let search = Array(#"{"method":"DHDiscover.search","params":{"mac":"","uni":1}}"#.utf8)
        packets.append(Frames.udp(from: w, to: dhipGroup, sourcePort: 37810, destinationPort: 37810, payload: Frames.dhipHeader(search.count) + search, id: 5))
        packets.append(Frames.udp(from: dahuaCamera, to: w, sourcePort: 37810, destinationPort: 37810, payload: try corpusPayload("ref-9c00d2bf5a"), id: 6))
        packets.append(Frames.udp(from: intelbrasTerminal, to: Host(mac: w.mac, ip: "10.77.20.10"), sourcePort: 37810, destinationPort: 37810,
                                  payload: try corpusPayload("pss-intelbras-dhip-notify-ss3530"), id: 7, vlan: 20))

        // HTTP: a 401 from a Hikvision camera, in three segments captured out of order.
        let http = try corpusPayload("ref-8262ee5f03")
        let request = Array("GET /ISAPI/System/deviceInfo HTTP/1.1\r\nHost: 10.77.0.41\r\n\r\n".utf8)
        packets += Frames.tcpExchange(client: w, server: hikHTTPCamera, clientPort: 51000, serverPort: 80, request: request,
                                      response: http, splitAt: [60, 150], order: [2, 0, 1])
        // RTSP: the documented unauthenticated DESCRIBE and a Hikvision 401.
        let describe = Array("DESCRIBE rtsp://10.77.0.42/ RTSP/1.0\r\nCSeq: 2\r\n\r\n".utf8)
        packets += Frames.tcpExchange(client: w, server: hikRTSPCamera, clientPort: 51002, serverPort: 554, request: describe,
                                      response: try corpusPayload("ref-5f984f6185"), splitAt: [], order: [0])
        // An ordinary web server (ntopng on Ubuntu): must not come out covered.
        let root = Array("GET / HTTP/1.1\r\nHost: 10.77.0.50\r\n\r\n".utf8)
        packets += Frames.tcpExchange(client: w, server: ordinaryServer, clientPort: 51004, serverPort: 80, request: root,
                                      response: try corpusPayload("r7-9345917ec7"), splitAt: [], order: [0])
        return packets
    }

    static func capture(_ format: PcapWriter.Format) throws -> [UInt8] {
        var writer = PcapWriter(format: format)
        for (index, packet) in try sitePackets().enumerated() {
            writer.append(packet, microseconds: startMicroseconds + UInt64(index) * 1000)
        }
        return writer.bytes
    }

    /// `site.pcap` (classic) and `site.pcapng`: the same packets in both formats.
    static func fixtures() throws -> [(name: String, bytes: [UInt8])] {
        [("site.pcap", try capture(.pcap)), ("site.pcapng", try capture(.pcapng))]
    }
}

/// Frame construction: Ethernet (optionally 802.1Q), IPv4 with a correct header checksum,
/// UDP and TCP with correct checksums.
enum Frames {
    typealias Host = FixtureBuilder.Host

    static func macBytes(_ text: String) -> [UInt8] {
        text.split(separator: ":").compactMap { UInt8($0, radix: 16) }
    }

    static func ipBytes(_ text: String) -> [UInt8] {
        text.split(separator: ".").compactMap { UInt8($0) }
    }

    static func be16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
    static func be32(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)] }
    static func le32(_ value: UInt32) -> [UInt8] { be32(value).reversed() }

    static func checksum(_ bytes: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        var index = 0
        while index + 1 < bytes.count {
            sum += UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
            index += 2
        }
        if index < bytes.count { sum += UInt32(bytes[index]) << 8 }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }

    static func ethernet(from source: String, to destination: String, type: UInt16, vlan: UInt16? = nil, payload: [UInt8]) -> [UInt8] {
        var frame = macBytes(destination) + macBytes(source)
        if let vlan { frame += be16(0x8100) + be16(vlan) }
        return frame + be16(type) + payload
    }

    static func ipv4(from source: String, to destination: String, proto: UInt8, id: UInt16, payload: [UInt8], fragment: UInt16 = 0, ttl: UInt8 = 64) -> [UInt8] {
        var header: [UInt8] = [0x45, 0] + be16(UInt16(20 + payload.count)) + be16(id) + be16(fragment) + [ttl, proto, 0, 0]
        header += ipBytes(source) + ipBytes(destination)
        let sum = checksum(header)
        header[10] = UInt8(sum >> 8)
        header[11] = UInt8(sum & 0xFF)
        return header + payload
    }

    static func transportChecksum(_ segment: [UInt8], proto: UInt8, source: String, destination: String) -> UInt16 {
        let pseudo = ipBytes(source) + ipBytes(destination) + [0, proto] + be16(UInt16(segment.count))
        return checksum(pseudo + segment)
    }

    static func udpSegment(source: String, destination: String, sourcePort: UInt16, destinationPort: UInt16, payload: [UInt8]) -> [UInt8] {
        var segment = be16(sourcePort) + be16(destinationPort) + be16(UInt16(8 + payload.count)) + [0, 0] + payload
        var sum = transportChecksum(segment, proto: 17, source: source, destination: destination)
        if sum == 0 { sum = 0xFFFF }
        segment[6] = UInt8(sum >> 8)
        segment[7] = UInt8(sum & 0xFF)
        return segment
    }

    static func udp(from: Host, to: Host, sourcePort: UInt16, destinationPort: UInt16, payload: [UInt8], id: UInt16, vlan: UInt16? = nil, ttl: UInt8 = 64) -> [UInt8] {
        let segment = udpSegment(source: from.ip, destination: to.ip, sourcePort: sourcePort, destinationPort: destinationPort, payload: payload)
        return ethernet(from: from.mac, to: to.mac, type: 0x0800, vlan: vlan, payload: ipv4(from: from.ip, to: to.ip, proto: 17, id: id, payload: segment, ttl: ttl))
    }

    static let syn: UInt8 = 0x02, ackFlag: UInt8 = 0x10, psh: UInt8 = 0x08, finFlag: UInt8 = 0x01

    static func tcp(from: Host, to: Host, sourcePort: UInt16, destinationPort: UInt16, sequence: UInt32, ack: UInt32, flags: UInt8, payload: [UInt8] = [], id: UInt16) -> [UInt8] {
        var segment = be16(sourcePort) + be16(destinationPort) + be32(sequence) + be32(ack) + [0x50, flags] + be16(64240) + [0, 0, 0, 0] + payload
        let sum = transportChecksum(segment, proto: 6, source: from.ip, destination: to.ip)
        segment[16] = UInt8(sum >> 8)
        segment[17] = UInt8(sum & 0xFF)
        return ethernet(from: from.mac, to: to.mac, type: 0x0800, payload: ipv4(from: from.ip, to: to.ip, proto: 6, id: id, payload: segment))
    }

    /// Handshake, request, the response cut at `splitAt` and sent in `order`, then FINs.
    static func tcpExchange(client: Host, server: Host, clientPort: UInt16, serverPort: UInt16, request: [UInt8], response: [UInt8], splitAt: [Int], order: [Int]) -> [[UInt8]] {
        let clientISN: UInt32 = 0x1000_0000 &+ UInt32(clientPort)
        let serverISN: UInt32 = 0xF000_0000 &+ UInt32(serverPort)
        var packets: [[UInt8]] = []
        var id: UInt16 = 100
        func next() -> UInt16 { id += 1; return id }
        packets.append(tcp(from: client, to: server, sourcePort: clientPort, destinationPort: serverPort, sequence: clientISN, ack: 0, flags: syn, id: next()))
        packets.append(tcp(from: server, to: client, sourcePort: serverPort, destinationPort: clientPort, sequence: serverISN, ack: clientISN &+ 1, flags: syn | ackFlag, id: next()))
        packets.append(tcp(from: client, to: server, sourcePort: clientPort, destinationPort: serverPort, sequence: clientISN &+ 1, ack: serverISN &+ 1, flags: ackFlag, id: next()))
        packets.append(tcp(from: client, to: server, sourcePort: clientPort, destinationPort: serverPort, sequence: clientISN &+ 1, ack: serverISN &+ 1, flags: ackFlag | psh, payload: request, id: next()))
        let bounds = [0] + splitAt + [response.count]
        let pieces = (0..<(bounds.count - 1)).map { (start: bounds[$0], bytes: Array(response[bounds[$0]..<bounds[$0 + 1]])) }
        let clientNext = clientISN &+ 1 &+ UInt32(request.count)
        for index in order {
            let piece = pieces[index]
            packets.append(tcp(from: server, to: client, sourcePort: serverPort, destinationPort: clientPort, sequence: serverISN &+ 1 &+ UInt32(piece.start),
                               ack: clientNext, flags: ackFlag | psh, payload: piece.bytes, id: next()))
        }
        let serverFin = serverISN &+ 1 &+ UInt32(response.count)
        packets.append(tcp(from: server, to: client, sourcePort: serverPort, destinationPort: clientPort, sequence: serverFin, ack: clientNext, flags: finFlag | ackFlag, id: next()))
        packets.append(tcp(from: client, to: server, sourcePort: clientPort, destinationPort: serverPort, sequence: clientNext, ack: serverFin &+ 1, flags: finFlag | ackFlag, id: next()))
        return packets
    }

    /// A layer-2 SADP frame body laid out per the protocols.md §3.2 table: 0x21 marker,
    /// version 0x02, series 0x01, device-origin prefix 0xF6, sequence, address lengths 6/4,
    /// op type, op code, checksum (left 0: camaudit does not verify it), source MAC/IPv4,
    /// destination MAC/IPv4, subnet mask.
    static func layer2SADP(op: UInt8, from: Host, to: Host) -> [UInt8] {
        var body: [UInt8] = [0x21, 0x02, 0x01, 0xF6] + be32(0x0000_0001) + [6, 4, op, 0x00, 0x00, 0x00]
        body += macBytes(from.mac) + ipBytes(from.ip) + macBytes(to.mac) + ipBytes(to.ip) + ipBytes("255.255.0.0")
        return body
    }

    static func dnsName(_ name: String) -> [UInt8] {
        name.split(separator: ".").flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) } + [0]
    }

    static func dnsQuery(_ name: String, id: UInt16) -> [UInt8] {
        be16(id) + be16(0x0100) + be16(1) + be16(0) + be16(0) + be16(0) + dnsName(name) + be16(1) + be16(1)
    }

    /// A response naming the same question, with one A record (TEST-NET-3 address).
    static func dnsResponse(_ name: String, id: UInt16) -> [UInt8] {
        be16(id) + be16(0x8180) + be16(1) + be16(1) + be16(0) + be16(0) + dnsName(name) + be16(1) + be16(1)
            + be16(0xC00C) + be16(1) + be16(1) + be32(300) + be16(4) + [203, 0, 113, 7]
    }

    /// The 32-byte DHIP header of protocols.md §5.1 (little-endian lengths).
    static func dhipHeader(_ length: Int) -> [UInt8] {
        le32(0x20) + Array("DHIP".utf8) + le32(0) + le32(0) + le32(UInt32(length)) + le32(0) + le32(UInt32(length)) + le32(0)
    }
}
