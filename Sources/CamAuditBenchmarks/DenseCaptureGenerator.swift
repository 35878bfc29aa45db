import CamAuditDissectors
import CamAuditEvaluation
import CamAuditModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a camera-dense capture: what a SPAN on a district's camera VLAN or core switch sees,
/// where nearly every packet is camera or discovery traffic and senders number in the tens of
/// thousands (`camaudit-bench make-dense-pcap PATH --senders N [--ordinary-percent P] [--seed S]`).
///
/// Each sender gives the real recorded answers of one device of the corpus or evaluation set
/// (HTTP and RTSP answers in TCP connections, DHIP and SADP datagrams, DHCP and DNS requests, an
/// ARP announcement, SNMP agent answers); the devices are taken in turn and the set repeated
/// until there are N senders, each with its own address and MAC. `--ordinary-percent` mixes in
/// the school generator's ordinary traffic up to that share of packets. Deterministic for a seed.
public enum DenseCaptureGenerator {
    public struct Summary: Sendable {
        public var senders = 0
        public var devicesInSet = 0
        public var packets = 0
        public var bytes: Int64 = 0
        public var ordinaryPackets = 0
    }

    /// One device's answers, as the generator writes them.
    struct RecordedDevice {
        var answers: [(protocolName: String, port: Int?, bytes: [UInt8])]
        /// A MAC prefix the device was recorded with (`mac-oui` records), else none.
        var oui: [UInt8]?
    }

    public static let usage = "make-dense-pcap PATH --senders N [--ordinary-percent P] [--seed S] [--corpus FILE] [--evaluation DIR]"

    public static func run(arguments: [String]) {
        var path: String?
        var senders = 70_000
        var ordinaryPercent = 0
        var seed: UInt64 = 0xD0_5E
        var corpus = EvaluationSet.defaultCorpusPath
        var evaluation = EvaluationSet.defaultEvaluationDirectory
        var index = 0
        func value() -> String {
            index += 1
            guard index < arguments.count else { fail("\(arguments[index - 1]) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--senders":
                guard let number = Int(value()), number > 0 else { fail("--senders takes a positive number") }
                senders = number
            case "--ordinary-percent":
                guard let number = Int(value()), (0...95).contains(number) else { fail("--ordinary-percent takes 0 to 95") }
                ordinaryPercent = number
            case "--seed":
                guard let number = UInt64(value()) else { fail("--seed takes a number") }
                seed = number
            case "--corpus": corpus = value()
            case "--evaluation": evaluation = value()
            case let argument where !argument.hasPrefix("-") && path == nil: path = argument
            default: fail("unknown argument \(arguments[index]); usage: camaudit-bench \(usage)")
            }
            index += 1
        }
        guard let path else { fail("usage: camaudit-bench \(usage)") }
        let start = Date()
        do {
            let set = try EvaluationSet.load(corpusPath: corpus, evaluationDirectory: evaluation)
            let devices = recordedDevices(set.corpus + set.evaluation)
            let summary = try generate(path: path, devices: devices, senders: senders, ordinaryPercent: ordinaryPercent, seed: seed)
            let seconds = Date().timeIntervalSince(start)
            print("wrote \(path): \(summary.packets) packets, \(summary.bytes) bytes (\(String(format: "%.1f", Double(summary.bytes) / 1e6)) MB) in \(String(format: "%.1f", seconds)) s, seed \(seed)")
            print("senders: \(summary.senders), each one of \(summary.devicesInSet) recorded devices in turn; ordinary packets: \(summary.ordinaryPackets) (\(summary.packets == 0 ? 0 : 100 * summary.ordinaryPackets / summary.packets) %)")
        } catch {
            fail("make-dense-pcap: \(error)")
        }
    }

    private static func fail(_ text: String) -> Never {
        FileHandle.standardError.write(Data((text + "\n").utf8))
        exit(2)
    }

    /// The records grouped by device, keeping the answers a capture can carry.
    static func recordedDevices(_ records: [LabelledRecord]) -> [RecordedDevice] {
        var order: [String] = []
        var byDevice: [String: RecordedDevice] = [:]
        for record in records {
            let name = record.response.protocolName
            guard writable.contains(name) else { continue }
            let key = record.deviceKey
            if byDevice[key] == nil {
                order.append(key)
                byDevice[key] = RecordedDevice(answers: [], oui: nil)
            }
            if name == "mac-oui" {
                byDevice[key]?.oui = ouiBytes(String(decoding: record.response.payload, as: UTF8.self))
            } else {
                byDevice[key]?.answers.append((name, record.response.port, record.response.payload))
            }
        }
        return order.compactMap { byDevice[$0] }.filter { !$0.answers.isEmpty || $0.oui != nil }
    }

    static let writable: Set<String> = [
        "http", "http-body", "isapi-deviceinfo", "dahua-cgi-systeminfo", "rtsp", "dhip", "sadp",
        "dhcp-hostname", "dhcp-vendor-class", "dns-query", "mac-oui", "snmp-sysdescr",
    ]

    /// The first three bytes of a recorded MAC or OUI, read as the matcher reads it; none for a
    /// group address.
    static func ouiBytes(_ text: String) -> [UInt8]? {
        guard let mac = MACText.normalized(text) ?? MACText.prefixOnly(text) else { return nil }
        let bytes = mac.split(separator: ":").prefix(3).compactMap { UInt8($0, radix: 16) }
        return bytes.count == 3 && bytes[0] & 0x01 == 0 ? bytes : nil
    }

    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    static func generate(path: String, devices: [RecordedDevice], senders: Int, ordinaryPercent: Int, seed: UInt64) throws -> Summary {
        guard !devices.isEmpty else { throw WriteError(description: "no recorded device answers to write") }
        guard let file = fopen(path, "wb") else { throw WriteError(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
        var builder = SchoolCaptureBuilder(file: file, seed: seed)
        builder.writeGlobalHeader()
        var summary = Summary()
        summary.devicesInSet = devices.count
        for index in 0..<senders {
            builder.recordedDevice(devices[index % devices.count], senderIndex: index)
            summary.senders += 1
            // Ordinary traffic up to its share of all packets so far.
            while ordinaryPercent > 0, 100 * summary.ordinaryPackets < ordinaryPercent * builder.summary.packets, !builder.failed {
                let before = builder.summary.packets
                builder.step()
                summary.ordinaryPackets += builder.summary.packets - before
            }
            if builder.failed { break }
        }
        builder.flush()
        let failed = builder.failed || fclose(file) != 0
        if failed { throw WriteError(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
        summary.packets = builder.summary.packets
        summary.bytes = builder.summary.bytes
        return summary
    }
}

extension SchoolCaptureBuilder {
    /// One sender answering with a recorded device's bytes. Senders live in 10.64.0.0/10 (away
    /// from the school network's 10.77/16) with a MAC of the recorded OUI or a locally
    /// administered one, so that only what the device sent can identify it.
    mutating func recordedDevice(_ device: DenseCaptureGenerator.RecordedDevice, senderIndex index: Int) {
        let address = 0x0A40_0000 | UInt32(index + 1)
        let tail = [UInt8(truncatingIfNeeded: index >> 16), UInt8(truncatingIfNeeded: index >> 8), UInt8(truncatingIfNeeded: index)]
        let mac = (device.oui ?? [0x02, 0xCA, 0xD0]) + tail
        let sender = FixtureHost(mac: mac, ip: address)
        let broadcast = FixtureHost(mac: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], ip: 0xFFFF_FFFF)
        // The gratuitous ARP a device sends when it takes its address.
        ethernet(mac, broadcast.mac, type: 0x0806)
        put16(1); put16(0x0800); frame.append(6); frame.append(4); put16(1)
        frame.append(contentsOf: mac); put32(address)
        frame.append(contentsOf: [0, 0, 0, 0, 0, 0]); put32(address)
        frame.append(contentsOf: [UInt8](repeating: 0, count: 18))
        emit("arp")
        for answer in device.answers {
            switch answer.protocolName {
            case "http", "isapi-deviceinfo", "dahua-cgi-systeminfo", "http-body":
                let response = answer.bytes.starts(with: Array("HTTP/".utf8))
                    ? answer.bytes
                    : Array("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: \(answer.bytes.count)\r\n\r\n".utf8) + answer.bytes
                let port = UInt16(clamping: answer.port.flatMap { $0 > 0 && $0 < 65536 ? $0 : nil } ?? 80)
                connection(client: nvr, server: sender, port: port, request: Array("GET / HTTP/1.1\r\nHost: \(ipText(address))\r\n\r\n".utf8), response: response, kind: "device-http")
            case "rtsp":
                connection(client: nvr, server: sender, port: 554, request: Array("DESCRIBE rtsp://\(ipText(address))/ RTSP/1.0\r\nCSeq: 2\r\n\r\n".utf8), response: answer.bytes, kind: "device-rtsp")
            case "dhip":
                let json = answer.bytes.first == UInt8(ascii: "{")
                let body = json ? DHIPFrame.header(payloadLength: answer.bytes.count) + answer.bytes : answer.bytes
                udp(from: sender, 37810, to: nvr, 37810, payload: body[...], kind: "device-dhip")
            case "sadp":
                udp(from: sender, 37020, to: FixtureHost(mac: Self.multicastMAC(0xEFFF_FFFA), ip: 0xEFFF_FFFA), 37020, payload: answer.bytes[...], kind: "device-sadp")
            case "dhcp-hostname", "dhcp-vendor-class":
                let option: UInt8 = answer.protocolName == "dhcp-hostname" ? 12 : 60
                let value = Array(answer.bytes.prefix(255))
                var bytes: [UInt8] = [1, 1, 6, 0, UInt8(truncatingIfNeeded: index >> 8), UInt8(truncatingIfNeeded: index), 0x51, 0x1D]
                bytes += [UInt8](repeating: 0, count: 20) + mac + [UInt8](repeating: 0, count: 10 + 192)
                bytes += [0x63, 0x82, 0x53, 0x63, 53, 1, 1, option, UInt8(value.count)] + value + [255]
                udp(from: FixtureHost(mac: mac, ip: 0), 68, to: broadcast, 67, payload: bytes[...], kind: "device-dhcp")
            case "dns-query":
                let name = String(decoding: answer.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                var query: [UInt8] = [UInt8(truncatingIfNeeded: index >> 8), UInt8(truncatingIfNeeded: index), 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]
                for label in name.split(separator: ".") where !label.isEmpty && label.utf8.count < 64 {
                    query.append(UInt8(label.utf8.count))
                    query += Array(label.utf8)
                }
                query += [0, 0, 1, 0, 1]
                udp(from: sender, UInt16(40000 + index % 20000), to: dnsServer, 53, payload: query[...], kind: "device-dns")
            case "snmp-sysdescr":
                udp(from: sender, 161, to: nvr, UInt16(50000 + index % 10000), payload: Self.snmpSysDescrResponse(answer.bytes)[...], kind: "device-snmp")
            default:
                continue
            }
        }
    }

    /// An SNMPv2c GetResponse carrying sysDescr.0 (community "public"), as an agent answers a poll.
    static func snmpSysDescrResponse(_ text: [UInt8]) -> [UInt8] {
        func tlv(_ tag: UInt8, _ value: [UInt8]) -> [UInt8] {
            let count = value.count
            let length: [UInt8] = count < 128 ? [UInt8(count)] : (count < 256 ? [0x81, UInt8(count)] : [0x82, UInt8(count >> 8), UInt8(count & 0xFF)])
            return [tag] + length + value
        }
        let value = Array(text.prefix(1024))
        let oid: [UInt8] = [0x2B, 6, 1, 2, 1, 1, 1, 0]
        let binding = tlv(0x30, tlv(0x06, oid) + tlv(0x04, value))
        let pdu = tlv(0xA2, tlv(0x02, [1]) + tlv(0x02, [0]) + tlv(0x02, [0]) + tlv(0x30, binding))
        return tlv(0x30, tlv(0x02, [1]) + tlv(0x04, Array("public".utf8)) + pdu)
    }
}
