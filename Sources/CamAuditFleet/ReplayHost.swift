import Foundation

/// A simulated host that answers a scan with a real device's recorded answers, each where a
/// read-only scan meets it: HTTP on TCP 80 at the path it came from, RTSP on 554, the UDP
/// discovery answers on their ports, DVRIP on 37777, the SDK greeting on 8000, the recorded
/// MAC as the host's own. Records no scan can elicit (what a device sends unasked, or answers
/// to requests the scanner never makes) are kept out and listed with why.
public struct ReplayHost: Sendable {
    public struct Placed: Sendable {
        public var recordID: String
        public var protocolName: String
        public var placement: ReplayPlacement
    }

    public var device: FleetDevice
    public var placements: [Placed]
    /// Names for a throw-away certificate to serve HTTPS with on 443, where a record gives
    /// them; TLS is served beside the fleet server (openssl), not by it.
    public var certificate: ReplayCertificateNames?
    /// At least one record is served (a MAC alone counts: ARP answers it).
    public var scannable: Bool { placements.contains { $0.placement.isServed } }

    /// `index` makes the MAC a host gets when its records give none (or only an OUI) unique.
    public static func build(name: String, address: String, index: Int, truth: DeviceTruth, records: [ReplayRecord]) -> ReplayHost {
        var builder = Builder(address: address, index: index)
        for record in records { builder.place(record) }
        return builder.host(name: name, truth: truth)
    }

    /// The ONVIF device-service operations the scanner calls (ProbePayloads.onvifOperations).
    static let onvifOperations = ["GetSystemDateAndTime", "GetServices", "GetCapabilities", "GetDeviceInformation"]

    private struct Builder {
        var address: String
        var index: Int
        var placements: [Placed] = []
        var mac: String?
        var http: [(path: String, bytes: [UInt8])] = []
        /// ISAPI answers recorded on the SDK port, served there as HTTP.
        var sdkHTTP: [(path: String, bytes: [UInt8])] = []
        var deviceInformation: [UInt8]?
        var onvifAnswers: [String: [UInt8]] = [:]
        var rtspOptions: [UInt8]?
        var rtspDescribe: [UInt8]?
        var udp: [Int: UDPBehaviour] = [:]
        var dvrip: [UInt8]?
        var sdkGreeting: [UInt8]?
        var upnpDescription: [UInt8]?
        var ssdp: String?
        var certificate: ReplayCertificateNames?

        mutating func place(_ record: ReplayRecord) {
            placements.append(Placed(recordID: record.id, protocolName: record.protocolName, placement: placement(of: record)))
        }

        mutating func placement(of record: ReplayRecord) -> ReplayPlacement {
            switch record.protocolName {
            case "mac-oui": return placeMAC(record)
            case "http", "http-body", "isapi-deviceinfo", "dahua-cgi-systeminfo", "dahua-rpc2-login": return placeHTTP(record)
            case "www-authenticate":
                if record.port == 554 || record.port == 8554 {
                    let (bytes, adapted) = ReplayMessage.challenge(record, scheme: "RTSP/1.0")
                    return placeRTSP(record, bytes: bytes, adapted: adapted)
                }
                return placeHTTP(record)
            case "rtsp":
                if Self.answersStreamSetup(record.text) {
                    return .notElicited("answers SETUP or PLAY, which the scanner never sends (it sets up no stream)")
                }
                let (bytes, adapted) = ReplayMessage.whole(record, scheme: "RTSP/1.0")
                return placeRTSP(record, bytes: bytes, adapted: adapted)
            case "onvif-getdeviceinformation", "onvif-soap": return placeONVIF(record)
            case "onvif-probematch": return placeProbeMatch(record)
            case "dhip": return placeDHIP(record)
            case "sadp": return placeUDP(37020, .sadp(answer: record.text), adapted: nil)
            case "dahua-5050": return placeUDP(5050, .dahuaLegacy(answer: record.bytes), adapted: nil)
            case "ssdp":
                guard ssdp == nil else { return .notElicited("a second SSDP answer: the host gives one") }
                ssdp = record.text
                return .served(at: "udp/1900", adapted: nil)
            case "upnp-xml":
                guard upnpDescription == nil else { return .notElicited("a second UPnP description: the host has one") }
                upnpDescription = record.bytes
                return .served(at: "tcp/80 GET /description.xml, named by an SSDP answer", adapted: "a bare body wrapped in a 200")
            case "dahua-37777":
                guard dvrip == nil else { return .notElicited("a second DVRIP answer: the scanner asks once") }
                dvrip = record.bytes
                return .served(at: "tcp/37777 realm request", adapted: nil)
            case "hikvision-8000":
                guard sdkGreeting == nil else { return .notElicited("a second SDK greeting: the scanner reads one") }
                guard sdkHTTP.isEmpty else { return .notElicited("an SDK greeting on a port this host serves ISAPI on") }
                sdkGreeting = record.bytes
                return .served(at: "tcp/8000 greeting", adapted: nil)
            case "tls-cert":
                guard certificate == nil else { return .notElicited("a second certificate: the host serves one") }
                guard let names = ReplayCertificateNames(record.text) else { return .notElicited("no subject could be read from the record") }
                certificate = names
                return .served(at: "tcp/443 TLS handshake", adapted: "a throw-away certificate with the recorded subject and issuer, TLS 1.2")
            case "dns-query": return .notElicited("a DNS query the device sends; no scan elicits it")
            case let name where name.hasPrefix("snmp"): return .notElicited("SNMP: the scanner sends no SNMP request")
            case let name where name.hasPrefix("dhcp"): return .notElicited("a DHCP request the device sends; no scan elicits it")
            case "telnet", "ftp": return .notElicited("a \(record.protocolName) banner: the scanner does not connect to that port")
            default: return .notElicited("the scanner has no probe that elicits \(record.protocolName)")
            }
        }

        /// A `Transport:` or `RTP-Info:` header marks the answer to SETUP or PLAY.
        static func answersStreamSetup(_ text: String) -> Bool {
            text.range(of: #"(?im)^(Transport|RTP-Info):"#, options: .regularExpression) != nil
        }

        mutating func placeMAC(_ record: ReplayRecord) -> ReplayPlacement {
            guard mac == nil else { return .notElicited("a second MAC: the host has one") }
            let hex = record.text.lowercased().filter(\.isHexDigit)
            guard hex.count == 12 || hex.count == 6 else { return .notElicited("not a MAC or an OUI") }
            let octets = stride(from: 0, to: hex.count, by: 2).map { String(Array(hex)[$0..<$0 + 2]) }
            if octets.count == 6 {
                mac = octets.joined(separator: ":")
                return .served(at: "the host's MAC", adapted: nil)
            }
            mac = (octets + Self.localSuffix(index)).joined(separator: ":")
            return .served(at: "the host's MAC", adapted: "an OUI given a chosen suffix")
        }

        static func localSuffix(_ index: Int) -> [String] {
            ["5a", String(format: "%02x", (index >> 8) & 0xFF), String(format: "%02x", index & 0xFF)]
        }

        mutating func placeHTTP(_ record: ReplayRecord) -> ReplayPlacement {
            let lower = record.text.lowercased()
            // ISAPI over the SDK port: the scanner asks a silent 8000 as a web port.
            let port = record.port == 8000 ? 8000 : 80
            if port == 8000, sdkGreeting != nil {
                return .notElicited("ISAPI on the SDK port of a host that also greets there: the scanner reads the greeting")
            }
            if lower.contains("<eventnotificationalert") {
                return .notElicited("an event the device pushes (alert stream or notification), not an answer to a request")
            }
            let named = ReplayRequestPath.named(by: record)
            guard let path = ReplayRequestPath.asked(named) else {
                return .notElicited("answers \(named ?? "?"), which the scanner never requests")
            }
            guard !(port == 8000 ? sdkHTTP : http).contains(where: { $0.path == path }) else {
                return .notElicited("another record of this device already answers GET \(path) on \(port)")
            }
            let (bytes, adapted) = record.protocolName == "www-authenticate"
                ? ReplayMessage.challenge(record, scheme: "HTTP/1.1") : ReplayMessage.whole(record, scheme: "HTTP/1.1")
            if port == 8000 { sdkHTTP.append((path, bytes)) } else { http.append((path, bytes)) }
            let asked = path == ReplayRequestPath.dahuaSystemInfo ? path + "?action=getSystemInfo" : path
            return .served(at: "tcp/\(port) GET \(asked)", adapted: named == nil ? [adapted, "no path recorded: stands for /"].compactMap { $0 }.joined(separator: ", ") : adapted)
        }

        mutating func placeRTSP(_ record: ReplayRecord, bytes: [UInt8], adapted: String?) -> ReplayPlacement {
            // The note (or an SDP body) says which request it answered where it can; else the
            // first answer stands for OPTIONS and the second for DESCRIBE. One answer alone
            // stands for both, so the scanner, which stops after an OPTIONS answer it learns
            // nothing from, meets it either way.
            let note = record.note.uppercased()
            let sdp = record.text.hasPrefix("v=") || record.text.hasPrefix("m=")
            let describe = sdp || (note.contains("DESCRIBE") && !note.contains("OPTIONS"))
            let options = note.contains("OPTIONS") && !note.contains("DESCRIBE")
            if describe, rtspDescribe == nil { rtspDescribe = bytes; return .served(at: "tcp/554 DESCRIBE", adapted: adapted) }
            if options, rtspOptions == nil { rtspOptions = bytes; return .served(at: "tcp/554 OPTIONS", adapted: adapted) }
            if rtspOptions == nil { rtspOptions = bytes; return .served(at: "tcp/554 OPTIONS", adapted: adapted) }
            if rtspDescribe == nil { rtspDescribe = bytes; return .served(at: "tcp/554 DESCRIBE", adapted: adapted) }
            return .notElicited("a third RTSP answer: the scanner asks OPTIONS and DESCRIBE once each")
        }

        mutating func placeONVIF(_ record: ReplayRecord) -> ReplayPlacement {
            var soap = record.bytes
            if record.text.hasPrefix("HTTP/"), let end = record.text.range(of: "\r\n\r\n") {
                soap = Array(record.text[end.upperBound...].utf8)
            }
            var adapted = "the SOAP body in a 200"
            if !record.text.contains("Envelope") {
                // The answer element alone, as logs print it: a device sends it in an Envelope.
                soap = Array(#"<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><s:Body>"#.utf8)
                    + soap + Array("</s:Body></s:Envelope>".utf8)
                adapted = "the answer element put in a SOAP Envelope, in a 200"
            }
            let text = String(decoding: soap.prefix(4096), as: UTF8.self)
            guard let operation = ReplayHost.onvifOperations.first(where: { text.contains($0 + "Response") }) else {
                let answered = text.range(of: #"[A-Za-z]+Response"#, options: .regularExpression).map { String(text[$0]) } ?? "an operation"
                return .notElicited("answers \(answered), which the scanner never calls")
            }
            if operation == "GetDeviceInformation" {
                guard deviceInformation == nil else { return .notElicited("a second GetDeviceInformation answer") }
                deviceInformation = soap
            } else {
                guard onvifAnswers[operation] == nil else { return .notElicited("a second \(operation) answer") }
                onvifAnswers[operation] = soap
            }
            return .served(at: "tcp/80 POST /onvif/device_service \(operation)", adapted: adapted)
        }

        mutating func placeProbeMatch(_ record: ReplayRecord) -> ReplayPlacement {
            guard udp[3702] == nil else { return .notElicited("a second WS-Discovery answer: the host gives one") }
            if record.text.contains("Envelope") {
                udp[3702] = .recorded(protocolName: "ws-discovery", answer: record.bytes)
                return .served(at: "udp/3702", adapted: nil)
            }
            // Scopes alone, as scan exports print them: put them in a ProbeMatch of this host.
            let template = ProbeMatchTemplate(endpoint: "urn:uuid:" + ProbeMatchTemplate.uuid(seed: record.id, counter: 0),
                                              scopes: record.text.trimmingCharacters(in: .whitespacesAndNewlines),
                                              xAddrs: "http://\(address)/onvif/device_service")
            udp[3702] = .wsDiscovery(template)
            return .served(at: "udp/3702", adapted: "the scopes alone put in a ProbeMatches envelope")
        }

        mutating func placeDHIP(_ record: ReplayRecord) -> ReplayPlacement {
            if record.port != nil && record.port != 37810 {
                return .notElicited("DHIP over TCP answers a login request the scanner never sends")
            }
            if record.bytes.count >= 8, record.bytes[4..<8].elementsEqual("DHIP".utf8) {
                return placeUDP(37810, .dhip(answer: record.bytes), adapted: nil)
            }
            return placeUDP(37810, .dhip(answer: Self.dhipHeader(length: record.bytes.count) + record.bytes), adapted: "the bare JSON given its 32-byte header")
        }

        /// protocols.md §5.1: header length 0x20, `DHIP`, the payload length at 16 and 24, little-endian.
        static func dhipHeader(length: Int) -> [UInt8] {
            var header = [UInt8](repeating: 0, count: 32)
            header[0] = 0x20
            header.replaceSubrange(4..<8, with: Array("DHIP".utf8))
            for offset in [16, 24] {
                for byte in 0..<4 { header[offset + byte] = UInt8(truncatingIfNeeded: UInt32(length) >> UInt32(8 * byte)) }
            }
            return header
        }

        mutating func placeUDP(_ port: Int, _ behaviour: UDPBehaviour, adapted: String?) -> ReplayPlacement {
            guard udp[port] == nil else { return .notElicited("a second answer on udp/\(port): the host gives one") }
            udp[port] = behaviour
            return .served(at: "udp/\(port)", adapted: adapted)
        }

        func host(name: String, truth: DeviceTruth) -> ReplayHost {
            var tcp: [TCPService] = []
            var udpServices = udp.sorted { $0.key < $1.key }.map { UDPService(port: $0.key, behaviour: $0.value) }
            var routes = http.map { HTTPRoute.get($0.path, $0.bytes) }
            var placements = placements
            var ssdp = ssdp
            if let description = upnpDescription {
                routes.append(.get("/description.xml", ReplayMessage.body(description, scheme: "HTTP/1.1", contentType: "text/xml")))
                if ssdp == nil {
                    // A UPnP device announces where its description is; the recorded XML has no
                    // announcement with it, so the host gives one that names nothing but the path.
                    ssdp = "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\nLOCATION: http://\(address):80/description.xml\r\nST: upnp:rootdevice\r\nUSN: uuid:\(ProbeMatchTemplate.uuid(seed: name, counter: 1))::upnp:rootdevice\r\n\r\n"
                } else if let recorded = ssdp, let location = recorded.range(of: #"(?i)LOCATION:[^\r\n]*"#, options: .regularExpression) {
                    ssdp = recorded.replacingCharacters(in: location, with: "LOCATION: http://\(address):80/description.xml")
                    if let index = placements.firstIndex(where: { $0.protocolName == "ssdp" }) {
                        placements[index].placement = .served(at: "udp/1900", adapted: "LOCATION pointed at this host's description")
                    }
                }
            }
            if let ssdp { udpServices.append(UDPService(port: 1900, behaviour: .ssdp(answer: ssdp))) }
            let onvif = deviceInformation != nil || !onvifAnswers.isEmpty
            if onvif {
                let service = ONVIFDeviceService(stackNamespaces: "", deviceInformation: deviceInformation, recordedAnswers: onvifAnswers)
                routes.append(HTTPRoute(method: "POST", path: "/onvif/device_service", matchesPrefix: false, answer: .onvif(service)))
            }
            if !routes.isEmpty { tcp.append(TCPService(port: 80, behaviour: .http(HTTPRoutes(routes)))) }
            if rtspOptions != nil || rtspDescribe != nil {
                tcp.append(TCPService(port: 554, behaviour: .rtsp(options: rtspOptions ?? rtspDescribe!, describe: rtspDescribe ?? rtspOptions!)))
            }
            if let dvrip { tcp.append(TCPService(port: 37777, behaviour: .dvripRealm(dvrip))) }
            if let sdkGreeting {
                tcp.append(TCPService(port: 8000, behaviour: .replyToAnyBytes(sdkGreeting)))
            } else if !sdkHTTP.isEmpty {
                tcp.append(TCPService(port: 8000, behaviour: .http(HTTPRoutes(sdkHTTP.map { HTTPRoute.get($0.path, $0.bytes) }))))
            }
            let mac = mac ?? (["02", "5a", "00"] + Self.localSuffix(index)).joined(separator: ":")
            let device = FleetDevice(name: name, site: "replay", address: address, mac: mac, truth: truth, profile: "replay",
                                     tcp: tcp, udp: udpServices.sorted { $0.port < $1.port })
            return ReplayHost(device: device, placements: placements, certificate: certificate)
        }
    }
}
