import CamAuditDissectors
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a large, deterministic classic pcap (Ethernet, microsecond timestamps) that mixes
/// ordinary school traffic with a fleet of cameras, for the passive-analysis benchmark in
/// docs/BENCHMARKS.md (`camaudit-bench make-pcap PATH --size-mb N [--seed S]`).
///
/// The format is written directly (24-byte global header, 16-byte record headers), streamed
/// through a 4 MiB buffer, so memory does not depend on the file size. IPv4 header checksums
/// are computed; UDP and TCP checksums are zero. Every address is in 10.77.0.0/16: the file
/// is only bytes on disk. The camera answers follow the shapes of the corpus entries named
/// below (Tests/Fixtures/corpus/corpus.jsonl); serials, MACs and nonces are generated.
public enum PcapFixtureGenerator {
    public struct Summary: Sendable {
        public var packets = 0
        public var bytes: Int64 = 0
        public var hikvision = 0
        public var dahua = 0
        public var axis = 0
        public var clients = 0
        public var servers = 0
        public var printersAndTVs = 0
        /// Packets per kind of traffic, for the report.
        public var packetsByKind: [String: Int] = [:]
        public var covered: Int { hikvision + dahua }
    }

    public static func run(arguments: [String]) {
        var path: String?
        var sizeMB = 1000
        var seed: UInt64 = 0x0CA3_A0D1
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--size-mb":
                index += 1
                guard index < arguments.count, let value = Int(arguments[index]), value > 0 else { usage() }
                sizeMB = value
            case "--seed":
                index += 1
                guard index < arguments.count, let value = UInt64(arguments[index]) else { usage() }
                seed = value
            default:
                guard path == nil, !argument.hasPrefix("-") else { usage() }
                path = argument
            }
            index += 1
        }
        guard let path else { usage() }
        let start = Date()
        let summary: Summary
        do {
            summary = try generate(path: path, bytes: Int64(sizeMB) * 1_000_000, seed: seed)
        } catch {
            printError("make-pcap: \(error)")
            exit(1)
        }
        let seconds = Date().timeIntervalSince(start)
        print("wrote \(path): \(summary.packets) packets, \(summary.bytes) bytes (\(String(format: "%.1f", Double(summary.bytes) / 1e6)) MB) in \(String(format: "%.1f", seconds)) s, seed \(seed)")
        print("planted cameras: \(summary.hikvision) Hikvision + \(summary.dahua) Dahua = \(summary.covered) covered; \(summary.axis) Axis (not covered)")
        print("other senders: \(summary.clients) clients, \(summary.servers) servers, \(summary.printersAndTVs) printers/TVs, 1 gateway, 1 DNS/DHCP server, 1 NVR")
        let kinds = summary.packetsByKind.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("packets by kind: \(kinds)")
    }

    private static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    private static func usage() -> Never {
        printError("usage: camaudit-bench make-pcap PATH [--size-mb N] [--seed S]   (N in units of 10^6 bytes, default 1000)")
        exit(2)
    }

    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes at least `bytes` bytes (the last packet group may pass it by a few KB).
    public static func generate(path: String, bytes target: Int64, seed: UInt64) throws -> Summary {
        guard let file = fopen(path, "wb") else { throw WriteError(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
        var builder = SchoolCaptureBuilder(file: file, seed: seed)
        builder.writeGlobalHeader()
        while builder.summary.bytes < target {
            builder.step()
            if builder.failed { break }
        }
        builder.flush()
        let failed = builder.failed || fclose(file) != 0
        if failed { throw WriteError(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
        return builder.summary
    }
}

// MARK: - Model of the network

struct FixtureRandom {
    var state: UInt64
    /// SplitMix64: deterministic for a seed on every platform.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func range(_ low: Int, _ high: Int) -> Int { low + below(high - low + 1) }
}

struct FixtureHost {
    var mac: [UInt8]
    var ip: UInt32
}

enum CameraMaker { case hikvision, dahua, axis }

struct FixtureCamera {
    var host: FixtureHost
    var maker: CameraMaker
    var model: String
    var serial: String
    /// Hikvision realm code (`IP FixtureCamera(C2183)`) or Axis realm suffix.
    var code: String
    var ssrc: UInt32
    var rtpSequence: UInt16
    var rtpTimestamp: UInt32
    var sourcePort: UInt16
    var destinationPort: UInt16
    /// Index of the next management exchange this camera takes part in.
    var nextEvent = 0
}

func ip(_ third: Int, _ fourth: Int) -> UInt32 { 0x0A4D_0000 | UInt32(third) << 8 | UInt32(fourth) }

func ipText(_ address: UInt32) -> String {
    "\(address >> 24).\(address >> 16 & 0xFF).\(address >> 8 & 0xFF).\(address & 0xFF)"
}

func macText(_ mac: [UInt8], separator: String = ":") -> String {
    mac.map { String(format: "%02x", $0) }.joined(separator: separator)
}

struct SchoolCaptureBuilder {
    static let hikvisionOUIs: [[UInt8]] = [[0xBC, 0xAD, 0x28], [0xC0, 0x56, 0xE3], [0x44, 0x19, 0xB6], [0x4C, 0xBD, 0x8F], [0x54, 0xC4, 0x15]]
    static let dahuaOUIs: [[UInt8]] = [[0x3C, 0xEF, 0x8C], [0x4C, 0x11, 0xBF], [0xB4, 0x4C, 0x3B], [0xE0, 0x50, 0x8B]]
    static let axisOUIs: [[UInt8]] = [[0x00, 0x40, 0x8C], [0xAC, 0xCC, 0x8E], [0xB8, 0xA4, 0x4F]]
    /// Laptops, Chromebooks, phones (Apple, Intel, Lenovo, Samsung, Raspberry Pi).
    static let clientOUIs: [[UInt8]] = [[0x3C, 0x22, 0xFB], [0xA4, 0x83, 0xE7], [0x00, 0x1B, 0x21], [0x98, 0xFA, 0x9B], [0xF0, 0xD5, 0xBF], [0xDC, 0xA6, 0x32], [0x8C, 0x85, 0x90]]
    static let serverOUI: [UInt8] = [0x00, 0x25, 0x90] // Supermicro
    static let printerOUIs: [[UInt8]] = [[0x3C, 0x2A, 0xF4], [0x00, 0x1E, 0x0B], [0x64, 0x1C, 0xAE]] // Brother, HP, Samsung TV

    static let hikvisionModels = ["DS-2CD2143G2-I", "DS-2CD2386G2-IU", "DS-2CD2043G2-I", "DS-2DE2A404IW-DE3", "DS-2CD1023G0E-I", "DS-2CD2443G0-IW"]
    static let dahuaModels = ["IPC-HDW2431T-AS-S2", "IPC-HFW2431S-S-S2", "IPC-HDBW2431E-S-S2", "IPC-HDW5421S", "IPC-HFW1230S"]
    static let axisModels = ["AXIS P3245-V", "AXIS M3106-L Mk II", "AXIS Q6135-LE"]
    static let ordinaryNames = [
        "www.google.com", "outlook.office365.com", "clients4.google.com", "classroom.google.com", "docs.google.com",
        "login.microsoftonline.com", "teams.microsoft.com", "www.youtube.com", "i.ytimg.com", "fonts.gstatic.com",
        "www.bbc.co.uk", "en.wikipedia.org", "upload.wikimedia.org", "cdn.jsdelivr.net", "api.github.com",
        "www.khanacademy.org", "kahoot.it", "play.kahoot.it", "quizlet.com", "www.canva.com", "moodle.school.example",
        "update.googleapis.com", "ctldl.windowsupdate.com", "time.windows.com", "ocsp.digicert.com", "r3.o.lencr.org",
        "safebrowsing.googleapis.com", "connectivitycheck.gstatic.com", "captive.apple.com", "gateway.icloud.com",
    ]
    static let serverBanners = ["nginx/1.24.0", "nginx", "Apache/2.4.57 (Debian)", "Apache", "Microsoft-IIS/10.0", "nginx/1.22.1"]

    let file: UnsafeMutablePointer<FILE>
    var random: FixtureRandom
    var summary = PcapFixtureGenerator.Summary()
    var failed = false
    var buffer: [UInt8] = []
    var frame: [UInt8] = []
    /// Random bytes sliced for encrypted and video payloads.
    var pool: [UInt8] = []
    var time: UInt64 = 1_763_200_000_000_000 // µs, 2025-11-15
    var identification: UInt16 = 1

    var gateway: FixtureHost
    var dnsServer: FixtureHost
    var nvr: FixtureHost
    var servers: [FixtureHost] = []
    var clients: [FixtureHost] = []
    var printers: [(host: FixtureHost, server: String, nt: String)] = []
    var cameras: [FixtureCamera] = []
    var covered: [Int] = []
    var axis: [Int] = []
    var nextCoveredEvent = 0
    var nextAxisEvent = 0
    var ephemeral: UInt16 = 49152

    init(file: UnsafeMutablePointer<FILE>, seed: UInt64) {
        self.file = file
        random = FixtureRandom(state: seed)
        buffer.reserveCapacity(4 << 20 + 70_000)
        frame.reserveCapacity(2048)
        pool = (0..<(64 << 10)).map { _ in UInt8(truncatingIfNeeded: 0) }
        for index in pool.indices { pool[index] = UInt8(truncatingIfNeeded: random.next()) }
        gateway = FixtureHost(mac: [0x00, 0x1A, 0x1E, 0x01, 0x00, 0x01], ip: ip(0, 1))
        dnsServer = FixtureHost(mac: Self.serverOUI + [0x00, 0x00, 0x53], ip: ip(0, 53))
        nvr = FixtureHost(mac: Self.serverOUI + [0x00, 0x99, 0x10], ip: ip(99, 10))
        for index in 0..<8 { servers.append(FixtureHost(mac: Self.serverOUI + [0x01, 0x00, UInt8(index)], ip: ip(1, 10 + index))) }
        for index in 0..<2000 {
            let oui = Self.clientOUIs[random.below(Self.clientOUIs.count)]
            clients.append(FixtureHost(mac: oui + [UInt8(index >> 8), UInt8(index & 0xFF), UInt8(random.below(256))], ip: ip(16 + index / 250, 1 + index % 250)))
        }
        let printerKinds = [
            ("Linux/4.14 UPnP/1.0 Brother-HL-L2350DW/1.0", "urn:schemas-upnp-org:device:Printer:1"),
            ("HP HTTP Server; HP Color LaserJet MFP M479fdw; Serial Number: CNBRL1B2C3", "urn:schemas-upnp-org:device:Printer:1"),
            ("Linux/5.4 UPnP/1.0 Samsung-TV/2.0", "urn:dial-multiscreen-org:service:dial:1"),
            ("Linux/4.9 UPnP/1.0 Epson-Projector/1.0", "upnp:rootdevice"),
        ]
        for index in 0..<40 {
            let kind = printerKinds[index % printerKinds.count]
            printers.append((FixtureHost(mac: Self.printerOUIs[index % Self.printerOUIs.count] + [0x20, 0x00, UInt8(index)], ip: ip(2, 10 + index)), kind.0, kind.1))
        }
        // The fleet: 140 Hikvision, 110 Dahua (covered), 50 Axis (not covered), interleaved.
        for index in 0..<300 {
            let maker: CameraMaker = index % 6 == 5 ? .axis : (index % 6 < 3 ? .hikvision : .dahua)
            let ouis: [[UInt8]]
            let model: String
            let serial: String
            let code: String
            switch maker {
            case .hikvision:
                ouis = Self.hikvisionOUIs
                model = Self.hikvisionModels[random.below(Self.hikvisionModels.count)]
                serial = model + "20230415AAWR" + String(format: "%09d", random.below(1_000_000_000))
                code = "C" + String(format: "%04d", random.below(10000))
            case .dahua:
                ouis = Self.dahuaOUIs
                model = Self.dahuaModels[random.below(Self.dahuaModels.count)]
                let alphabet = Array("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ")
                serial = String((0..<15).map { _ in alphabet[random.below(alphabet.count)] })
                code = ""
            case .axis:
                ouis = Self.axisOUIs
                model = Self.axisModels[random.below(Self.axisModels.count)]
                serial = ""
                code = ""
            }
            let mac = ouis[random.below(ouis.count)] + [0x30 | UInt8(index >> 8), UInt8(index & 0xFF), UInt8(random.below(256))]
            var camera = FixtureCamera(                host: FixtureHost(mac: mac, ip: ip(100 + index / 250, 1 + index % 250)), maker: maker, model: model, serial: serial,
                code: code, ssrc: UInt32(truncatingIfNeeded: random.next()), rtpSequence: UInt16(random.below(65536)),
                rtpTimestamp: UInt32(truncatingIfNeeded: random.next()), sourcePort: UInt16(8200 + 2 * random.below(100)),
                destinationPort: UInt16(30000 + 2 * index)
            )
            if maker == .axis {
                camera.code = "AXIS_" + macText(mac, separator: "").uppercased()
                axis.append(index)
                summary.axis += 1
            } else {
                covered.append(index)
                if maker == .hikvision { summary.hikvision += 1 } else { summary.dahua += 1 }
            }
            camera.nextEvent = random.below(5)
            cameras.append(camera)
        }
        summary.clients = clients.count
        summary.servers = servers.count
        summary.printersAndTVs = printers.count
    }

    // MARK: Output

    mutating func writeGlobalHeader() {
        // Magic (µs), version 2.4, thiszone 0, sigfigs 0, snaplen 262144, link type 1 (Ethernet).
        append32(0xA1B2_C3D4); append16(2); append16(4); append32(0); append32(0); append32(262_144); append32(1)
        summary.bytes = 24
    }

    mutating func append16(_ value: UInt16) { buffer.append(UInt8(value & 0xFF)); buffer.append(UInt8(value >> 8)) }
    mutating func append32(_ value: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { buffer.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) } }

    mutating func flush() {
        guard !buffer.isEmpty, !failed else { return }
        let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        if written != buffer.count { failed = true }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Emits `frame` as one record.
    mutating func emit(_ kind: String) {
        time += UInt64(random.range(5, 120))
        append32(UInt32(time / 1_000_000)); append32(UInt32(time % 1_000_000))
        append32(UInt32(frame.count)); append32(UInt32(frame.count))
        buffer.append(contentsOf: frame)
        summary.packets += 1
        summary.bytes += Int64(16 + frame.count)
        summary.packetsByKind[kind, default: 0] += 1
        if buffer.count >= 4 << 20 { flush() }
    }

    // MARK: Frames

    mutating func ethernet(_ source: [UInt8], _ destination: [UInt8], type: UInt16) {
        frame.removeAll(keepingCapacity: true)
        frame.append(contentsOf: destination)
        frame.append(contentsOf: source)
        frame.append(UInt8(type >> 8)); frame.append(UInt8(type & 0xFF))
    }

    mutating func put16(_ value: UInt16) { frame.append(UInt8(value >> 8)); frame.append(UInt8(value & 0xFF)) }
    mutating func put32(_ value: UInt32) { put16(UInt16(value >> 16)); put16(UInt16(value & 0xFFFF)) }

    static func multicastMAC(_ address: UInt32) -> [UInt8] { [0x01, 0x00, 0x5E, UInt8(address >> 16 & 0x7F), UInt8(address >> 8 & 0xFF), UInt8(address & 0xFF)] }

    mutating func ipv4(_ source: UInt32, _ destination: UInt32, proto: UInt8, payloadLength: Int) {
        let start = frame.count
        frame.append(0x45); frame.append(0)
        put16(UInt16(20 + payloadLength)); put16(identification); put16(0x4000)
        identification &+= 1
        frame.append(proto == 17 && destination >> 28 == 0xE ? 1 : 64); frame.append(proto)
        put16(0); put32(source); put32(destination)
        var sum: UInt32 = 0
        for offset in stride(from: start, to: start + 20, by: 2) { sum += UInt32(frame[offset]) << 8 | UInt32(frame[offset + 1]) }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        let checksum = ~UInt16(sum)
        frame[start + 10] = UInt8(checksum >> 8); frame[start + 11] = UInt8(checksum & 0xFF)
    }

    mutating func udp(from source: FixtureHost, _ sourcePort: UInt16, to destination: FixtureHost, _ destinationPort: UInt16, payload: ArraySlice<UInt8>, kind: String) {
        ethernet(source.mac, destination.ip >> 28 == 0xE ? Self.multicastMAC(destination.ip) : destination.mac, type: 0x0800)
        ipv4(source.ip, destination.ip, proto: 17, payloadLength: 8 + payload.count)
        put16(sourcePort); put16(destinationPort); put16(UInt16(8 + payload.count)); put16(0)
        frame.append(contentsOf: payload)
        emit(kind)
    }

    mutating func udp(from source: FixtureHost, _ sourcePort: UInt16, to destination: FixtureHost, _ destinationPort: UInt16, text: String, kind: String) {
        udp(from: source, sourcePort, to: destination, destinationPort, payload: Array(text.utf8)[...], kind: kind)
    }

    mutating func tcp(from source: FixtureHost, _ sourcePort: UInt16, to destination: FixtureHost, _ destinationPort: UInt16, sequence: UInt32, acknowledgement: UInt32, flags: UInt8, payload: ArraySlice<UInt8>, kind: String) {
        ethernet(source.mac, destination.mac, type: 0x0800)
        ipv4(source.ip, destination.ip, proto: 6, payloadLength: 20 + payload.count)
        put16(sourcePort); put16(destinationPort); put32(sequence); put32(acknowledgement)
        frame.append(0x50); frame.append(flags); put16(502); put16(0); put16(0)
        frame.append(contentsOf: payload)
        emit(kind)
    }

    func poolSlice(_ count: Int, at offset: Int) -> ArraySlice<UInt8> {
        let start = offset % (pool.count - count)
        return pool[start..<(start + count)]
    }

    mutating func nextPort() -> UInt16 {
        ephemeral = ephemeral >= 65000 ? 49152 : ephemeral + 1
        return ephemeral
    }

    /// One TCP connection: handshake, request, response in MSS-sized segments, close.
    mutating func connection(client: FixtureHost, server: FixtureHost, port: UInt16, request: [UInt8], response: [UInt8], kind: String) {
        let clientPort = nextPort()
        var clientSequence = UInt32(truncatingIfNeeded: random.next())
        var serverSequence = UInt32(truncatingIfNeeded: random.next())
        let empty: ArraySlice<UInt8> = []
        tcp(from: client, clientPort, to: server, port, sequence: clientSequence, acknowledgement: 0, flags: 0x02, payload: empty, kind: kind)
        tcp(from: server, port, to: client, clientPort, sequence: serverSequence, acknowledgement: clientSequence &+ 1, flags: 0x12, payload: empty, kind: kind)
        clientSequence &+= 1; serverSequence &+= 1
        tcp(from: client, clientPort, to: server, port, sequence: clientSequence, acknowledgement: serverSequence, flags: 0x10, payload: empty, kind: kind)
        tcp(from: client, clientPort, to: server, port, sequence: clientSequence, acknowledgement: serverSequence, flags: 0x18, payload: request[...], kind: kind)
        clientSequence &+= UInt32(request.count)
        var offset = 0
        while offset < response.count {
            let end = min(response.count, offset + 1448)
            tcp(from: server, port, to: client, clientPort, sequence: serverSequence, acknowledgement: clientSequence, flags: end == response.count ? 0x18 : 0x10, payload: response[offset..<end], kind: kind)
            serverSequence &+= UInt32(end - offset)
            offset = end
        }
        tcp(from: client, clientPort, to: server, port, sequence: clientSequence, acknowledgement: serverSequence, flags: 0x10, payload: empty, kind: kind)
        tcp(from: server, port, to: client, clientPort, sequence: serverSequence, acknowledgement: clientSequence, flags: 0x11, payload: empty, kind: kind)
        tcp(from: client, clientPort, to: server, port, sequence: clientSequence, acknowledgement: serverSequence &+ 1, flags: 0x11, payload: empty, kind: kind)
        tcp(from: server, port, to: client, clientPort, sequence: serverSequence &+ 1, acknowledgement: clientSequence &+ 1, flags: 0x10, payload: empty, kind: kind)
    }

    func httpDate() -> String {
        let seconds = time_t(time / 1_000_000)
        var parts = tm()
        var copy = seconds
        gmtime_r(&copy, &parts)
        var text = [CChar](repeating: 0, count: 64)
        let length = strftime(&text, 64, "%a, %d %b %Y %H:%M:%S GMT", &parts)
        return String(decoding: text.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    mutating func nonce(_ count: Int) -> String {
        var text = ""
        while text.count < count { text += String(format: "%016llx", random.next()) }
        return String(text.prefix(count))
    }

    // MARK: Traffic

    /// One group of related packets, chosen by weight.
    mutating func step() {
        let roll = random.below(1000)
        switch roll {
        case 0..<430: tls()
        case 430..<560: quic()
        case 560..<790: video()
        case 790..<850: dns()
        case 850..<862: arp()
        case 862..<866: dhcp()
        case 866..<876: ssdp()
        case 876..<906: ordinaryHTTP()
        case 906..<914: axisRTSP()
        case 914..<960: tls()
        default: cameraEvent()
        }
    }

    mutating func tls() {
        let client = clients[random.below(clients.count)]
        let server = servers[random.below(servers.count)]
        let clientPort = UInt16(49152 + random.below(16000))
        var serverSequence = UInt32(truncatingIfNeeded: random.next())
        let clientSequence = UInt32(truncatingIfNeeded: random.next())
        if random.below(4) == 0 {
            let request = random.range(80, 700)
            tcp(from: client, clientPort, to: server, 443, sequence: clientSequence, acknowledgement: serverSequence, flags: 0x18, payload: poolSlice(request, at: random.below(60000)), kind: "tls")
        }
        for segment in 0..<random.range(2, 6) {
            let length = random.below(5) == 0 ? random.range(100, 1448) : 1448
            tcp(from: server, 443, to: client, clientPort, sequence: serverSequence, acknowledgement: clientSequence, flags: 0x10, payload: poolSlice(length, at: random.below(60000)), kind: "tls")
            serverSequence &+= UInt32(length)
            if segment % 2 == 1 {
                tcp(from: client, clientPort, to: server, 443, sequence: clientSequence, acknowledgement: serverSequence, flags: 0x10, payload: [], kind: "tls")
            }
        }
    }

    mutating func quic() {
        let client = clients[random.below(clients.count)]
        let server = servers[random.below(servers.count)]
        let clientPort = UInt16(49152 + random.below(16000))
        for _ in 0..<random.range(2, 5) {
            var payload = Array(poolSlice(1252, at: random.below(60000)))
            payload[0] = 0x40 | (payload[0] & 0x3F) // short header
            udp(from: server, 443, to: client, clientPort, payload: payload[...], kind: "quic")
        }
        var ack = Array(poolSlice(random.range(35, 60), at: random.below(60000)))
        ack[0] = 0x40 | (ack[0] & 0x3F)
        udp(from: client, clientPort, to: server, 443, payload: ack[...], kind: "quic")
    }

    /// A burst of RTP (H.264, payload type 96) from one camera to the NVR: one video frame.
    mutating func video() {
        let index = random.below(cameras.count)
        var camera = cameras[index]
        camera.rtpTimestamp &+= 3600
        let packets = random.range(3, 9)
        for packet in 0..<packets {
            let length = packet == packets - 1 ? random.range(200, 1400) : 1400
            var payload = Array(poolSlice(length, at: random.below(60000)))
            payload[0] = 0x80
            payload[1] = packet == packets - 1 ? 0xE0 : 0x60
            payload[2] = UInt8(camera.rtpSequence >> 8); payload[3] = UInt8(camera.rtpSequence & 0xFF)
            for byte in 0..<4 {
                payload[4 + byte] = UInt8(truncatingIfNeeded: camera.rtpTimestamp >> UInt32(24 - 8 * byte))
                payload[8 + byte] = UInt8(truncatingIfNeeded: camera.ssrc >> UInt32(24 - 8 * byte))
            }
            camera.rtpSequence &+= 1
            udp(from: camera.host, camera.sourcePort, to: nvr, camera.destinationPort, payload: payload[...], kind: "rtp-video")
        }
        cameras[index] = camera
    }

    static func dnsName(_ name: String) -> [UInt8] {
        var out: [UInt8] = []
        for label in name.split(separator: ".") {
            out.append(UInt8(label.utf8.count))
            out.append(contentsOf: label.utf8)
        }
        out.append(0)
        return out
    }

    /// A query for `name` from `client` and the server's answer (one A record).
    mutating func dnsExchange(client: FixtureHost, name: String, kind: String) {
        let id = UInt16(random.below(65536))
        let port = nextPort()
        var query: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
        query += Self.dnsName(name)
        query += [0, 1, 0, 1]
        udp(from: client, port, to: dnsServer, 53, payload: query[...], kind: kind)
        var answer = query
        answer[2] = 0x81; answer[3] = 0x80; answer[7] = 1
        answer += [0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0x01, 0x2C, 0, 4, 10, 77, 1, UInt8(10 + random.below(8))]
        udp(from: dnsServer, 53, to: client, port, payload: answer[...], kind: kind)
    }

    mutating func dns() {
        dnsExchange(client: clients[random.below(clients.count)], name: Self.ordinaryNames[random.below(Self.ordinaryNames.count)], kind: "dns")
    }

    mutating func arp() {
        let client = clients[random.below(clients.count)]
        let target = random.below(2) == 0 ? gateway : clients[random.below(clients.count)]
        ethernet(client.mac, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], type: 0x0806)
        put16(1); put16(0x0800); frame.append(6); frame.append(4); put16(1)
        frame.append(contentsOf: client.mac); put32(client.ip)
        frame.append(contentsOf: [0, 0, 0, 0, 0, 0]); put32(target.ip)
        frame.append(contentsOf: [UInt8](repeating: 0, count: 18)) // padding to 60 bytes
        emit("arp")
        ethernet(target.mac, client.mac, type: 0x0806)
        put16(1); put16(0x0800); frame.append(6); frame.append(4); put16(2)
        frame.append(contentsOf: target.mac); put32(target.ip)
        frame.append(contentsOf: client.mac); put32(client.ip)
        frame.append(contentsOf: [UInt8](repeating: 0, count: 18))
        emit("arp")
    }

    /// DISCOVER (client) and OFFER (server): BOOTP with the magic cookie and options 53, 12, 60.
    mutating func dhcp() {
        let index = random.below(clients.count)
        let client = clients[index]
        let vendors = ["MSFT 5.0", "android-dhcp-13", "android-dhcp-14", "dhcpcd-9.4.1:Linux-6.1.0:x86_64:GenuineIntel"]
        let hostname = ["LAPTOP-", "CHROMEBOOK-", "iPad-", "Galaxy-Tab-"][index % 4] + String(format: "%04X", index)
        func message(_ op: UInt8, type: UInt8, yourAddress: UInt32, options: [UInt8]) -> [UInt8] {
            var bytes: [UInt8] = [op, 1, 6, 0, 0x3C, 0x1D, UInt8(index >> 8), UInt8(index & 0xFF)]
            bytes += [UInt8](repeating: 0, count: 8) // secs, flags, ciaddr
            bytes += [UInt8(yourAddress >> 24), UInt8(yourAddress >> 16 & 0xFF), UInt8(yourAddress >> 8 & 0xFF), UInt8(yourAddress & 0xFF)] // yiaddr
            bytes += [UInt8](repeating: 0, count: 8) // siaddr, giaddr
            bytes += client.mac + [UInt8](repeating: 0, count: 10)
            bytes += [UInt8](repeating: 0, count: 192) // sname, file
            bytes += [0x63, 0x82, 0x53, 0x63, 53, 1, type] + options + [255]
            return bytes
        }
        var options: [UInt8] = [12, UInt8(hostname.utf8.count)] + Array(hostname.utf8)
        let vendor = vendors[index % vendors.count]
        options += [60, UInt8(vendor.utf8.count)] + Array(vendor.utf8)
        options += [55, 4, 1, 3, 6, 15]
        let broadcast = FixtureHost(mac: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], ip: 0xFFFF_FFFF)
        let unknown = FixtureHost(mac: client.mac, ip: 0)
        udp(from: unknown, 68, to: broadcast, 67, payload: message(1, type: 1, yourAddress: 0, options: options)[...], kind: "dhcp")
        udp(from: dnsServer, 67, to: FixtureHost(mac: client.mac, ip: client.ip), 68, payload: message(2, type: 2, yourAddress: client.ip, options: [54, 4, 10, 77, 0, 53, 51, 4, 0, 1, 0x51, 0x80])[...], kind: "dhcp")
    }

    mutating func ssdp() {
        let printer = printers[random.below(printers.count)]
        let uuid = String(format: "%08x-0000-1000-8000-%@", printer.host.ip, macText(printer.host.mac, separator: ""))
        let text = "NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nCACHE-CONTROL: max-age=1800\r\nLOCATION: http://\(ipText(printer.host.ip)):80/description.xml\r\nNT: \(printer.nt)\r\nNTS: ssdp:alive\r\nSERVER: \(printer.server)\r\nUSN: uuid:\(uuid)::\(printer.nt)\r\n\r\n"
        udp(from: printer.host, 1900, to: FixtureHost(mac: [], ip: 0xEFFF_FFFA), 1900, text: text, kind: "ssdp")
    }

    mutating func ordinaryHTTP() {
        let client = clients[random.below(clients.count)]
        let server = servers[random.below(servers.count)]
        let paths = ["/", "/index.html", "/login", "/moodle/", "/generate_204", "/wpad.dat", "/static/app.js"]
        let path = paths[random.below(paths.count)]
        let request = "GET \(path) HTTP/1.1\r\nHost: \(ipText(server.ip))\r\nUser-Agent: Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36\r\nAccept: */*\r\n\r\n"
        let bodyLength = random.range(300, 5000)
        var response = Array("HTTP/1.1 200 OK\r\nServer: \(Self.serverBanners[random.below(Self.serverBanners.count)])\r\nDate: \(httpDate())\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \(bodyLength)\r\nConnection: close\r\nETag: \"\(nonce(12))\"\r\n\r\n".utf8)
        response += Array(("<!DOCTYPE html><html><head><title>School portal</title></head><body>" + String(repeating: "<p>Lorem ipsum dolor sit amet.</p>", count: bodyLength / 34 + 1)).utf8.prefix(bodyLength))
        connection(client: client, server: server, port: 80, request: Array(request.utf8), response: response, kind: "http-ordinary")
    }

    /// RTSP OPTIONS → 401 from a camera maker camaudit does not cover (Axis).
    mutating func axisRTSP() {
        let camera = cameras[axis[nextAxisEvent % axis.count]]
        nextAxisEvent += 1
        rtsp401(camera, realm: camera.code, extra: "", kind: "rtsp-axis")
    }

    mutating func rtsp401(_ camera: FixtureCamera, realm: String, extra: String, kind: String) {
        let url = "rtsp://\(ipText(camera.host.ip)):554/"
        let request = "DESCRIBE \(url) RTSP/1.0\r\nCSeq: 2\r\nUser-Agent: LibVLC/3.0.18 (LIVE555 Streaming Media v2016.11.28)\r\nAccept: application/sdp\r\n\r\n"
        let response = "RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\n\(extra)WWW-Authenticate: Digest realm=\"\(realm)\", nonce=\"\(nonce(32))\", stale=\"FALSE\"\r\nDate:  \(httpDate())\r\n\r\n"
        connection(client: nvr, server: camera.host, port: 554, request: Array(request.utf8), response: Array(response.utf8), kind: kind)
    }

    /// The next management exchange of the next covered camera, round robin, so that every
    /// camera shows each kind of evidence in turn. Shapes: SADP ref-05a3e32059, DHIP
    /// ref-9c00d2bf5a, HTTP 401 ref-8262ee5f03 / ref-89c474f751, RTSP 401 ref-5f984f6185 /
    /// ref-3e008008a8.
    mutating func cameraEvent() {
        let index = covered[nextCoveredEvent % covered.count]
        nextCoveredEvent += 1
        let camera = cameras[index]
        cameras[index].nextEvent += 1
        let admin = clients[7]
        switch (camera.maker, camera.nextEvent % 5) {
        case (.hikvision, 0):
            let probe = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Probe><Uuid>\(nonce(8).uppercased())-5A6B-4C7D-8E9F-\(nonce(12).uppercased())</Uuid><Types>inquiry</Types></Probe>"
            let group = FixtureHost(mac: [], ip: 0xEFFF_FFFA)
            udp(from: admin, 37020, to: group, 37020, text: probe, kind: "sadp")
            let ipString = ipText(camera.host.ip)
            let answer = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ProbeMatch>\n<Uuid>\(nonce(8).uppercased())-8C51-4F57-9D6B-\(nonce(12).uppercased())</Uuid>\n<Types>inquiry</Types>\n<DeviceType>139</DeviceType>\n<DeviceDescription>\(camera.model)</DeviceDescription>\n<DeviceSN>\(camera.serial)</DeviceSN>\n<CommandPort>8000</CommandPort>\n<HttpPort>80</HttpPort>\n<MAC>\(macText(camera.host.mac, separator: "-"))</MAC>\n<IPv4Address>\(ipString)</IPv4Address>\n<IPv4SubnetMask>255.255.0.0</IPv4SubnetMask>\n<IPv4Gateway>10.77.0.1</IPv4Gateway>\n<DHCP>false</DHCP>\n<AnalogChannelNum>0</AnalogChannelNum>\n<DigitalChannelNum>1</DigitalChannelNum>\n<SoftwareVersion>V5.7.15build 240201</SoftwareVersion>\n<DSPVersion>V7.3, build 240110</DSPVersion>\n<BootTime>2025-10-02 07:41:13</BootTime>\n<OEMInfo>N/A</OEMInfo>\n<Activated>true</Activated>\n<PasswordResetAbility>true</PasswordResetAbility>\n</ProbeMatch>\n"
            udp(from: camera.host, 37020, to: group, 37020, text: answer, kind: "sadp")
        case (.dahua, 0):
            let search = "{\"method\":\"DHDiscover.search\",\"params\":{\"mac\":\"\",\"uni\":1}}\n"
            udp(from: admin, 37810, to: FixtureHost(mac: [], ip: 0xEFFF_FFFB), 37810, payload: (DHIPFrame.header(payloadLength: search.utf8.count) + Array(search.utf8))[...], kind: "dhip")
            let json = "{\"mac\":\"\(macText(camera.host.mac))\",\"method\":\"client.notifyDevInfo\",\"params\":{\"deviceInfo\":{\"AlarmInputChannels\":1,\"AlarmOutputChannels\":1,\"DeviceClass\":\"IPC\",\"DeviceType\":\"\(camera.model)\",\"HttpPort\":80,\"IPv4Address\":{\"DefaultGateway\":\"10.77.0.1\",\"DhcpEnable\":false,\"IPAddress\":\"\(ipText(camera.host.ip))\",\"SubnetMask\":\"255.255.0.0\"},\"MachineName\":\"\(camera.serial)\",\"Manufacturer\":\"Dahua\",\"Port\":37777,\"RemoteVideoInputChannels\":0,\"SerialNo\":\"\(camera.serial)\",\"Vendor\":\"Dahua\",\"Version\":\"2.820.0000000.5.R\",\"VideoInputChannels\":1,\"VideoOutputChannels\":0}}}\n"
            udp(from: camera.host, 37810, to: admin, 37810, payload: (DHIPFrame.header(payloadLength: json.utf8.count) + Array(json.utf8))[...], kind: "dhip")
        case (.hikvision, 1):
            let request = "GET /ISAPI/System/deviceInfo HTTP/1.1\r\nHost: \(ipText(camera.host.ip))\r\nUser-Agent: python-requests/2.31.0\r\nAccept: */*\r\n\r\n"
            let body = "<!DOCTYPE html>\n<html><head><title>Document Error: Unauthorized</title></head>\n<body><h2>Access Error: 401 -- Unauthorized</h2>\n<p>Authentication Error: Access Denied! Authorization required.</p>\n</body>\n</html>\n"
            let response = "HTTP/1.1 401 Unauthorized\r\nDate: \(httpDate())\r\nServer: App-webs/\r\nContent-Length: \(body.utf8.count)\r\nContent-Type: text/html\r\nConnection: keep-alive\r\nKeep-Alive: timeout=10, max=99\r\nWWW-Authenticate: Digest qop=\"auth\", realm=\"IP FixtureCamera(\(camera.code))\", nonce=\"\(nonce(48))\", stale=\"FALSE\"\r\n\r\n" + body
            connection(client: nvr, server: camera.host, port: 80, request: Array(request.utf8), response: Array(response.utf8), kind: "http-camera")
        case (.dahua, 1):
            let request = "GET /cgi-bin/magicBox.cgi?action=getSystemInfo HTTP/1.1\r\nHost: \(ipText(camera.host.ip))\r\nUser-Agent: python-requests/2.31.0\r\n\r\n"
            let response = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"Login to \(camera.serial)\", qop=\"auth\", nonce=\"\(random.below(2_000_000_000))\", opaque=\"\(nonce(8))\"\r\nCONNECTION: close\r\nCONTENT-LENGTH: 0\r\n\r\n"
            connection(client: nvr, server: camera.host, port: 80, request: Array(request.utf8), response: Array(response.utf8), kind: "http-camera")
        case (.hikvision, 2):
            rtsp401(camera, realm: "IP FixtureCamera(\(camera.code))", extra: "", kind: "rtsp-camera")
        case (.dahua, 2):
            rtsp401(camera, realm: "Login to \(camera.serial)", extra: "", kind: "rtsp-camera")
        case (.hikvision, 3):
            dnsExchange(client: camera.host, name: "dev.hik-connect.com", kind: "dns-camera")
        case (.dahua, 3):
            dnsExchange(client: camera.host, name: "iotaccess.easy4ipcloud.com", kind: "dns-camera")
        default:
            // NTP-like chatter: nothing to learn, as most of a camera's day.
            dnsExchange(client: camera.host, name: camera.maker == .hikvision ? "time.windows.com" : "pool.ntp.org", kind: "dns-camera")
        }
    }
}
