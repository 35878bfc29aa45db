import Foundation

/// The catalogue of device kinds in the simulated district, each answering with recorded
/// corpus responses (ids in `FleetRecord`). Where the corpus has no recording of an exchange
/// for a model (most SADP and every WS-Discovery answer) the answer is written in the
/// documented layout from the model's own strings; those models come from the signature
/// table's cited examples.
enum DeviceProfiles {
    static func record(_ id: String) -> [UInt8] { FleetRecord.named(id).bytes }
    static func text(_ id: String) -> String { String(decoding: record(id), as: UTF8.self) }

    // MARK: Hikvision and its brands

    static func hikvisionStack(_ context: DeviceContext, root: [UInt8], rtspOptions: String, rtspDescribe: String,
                               model: String, firmware: String, typeCode: Int, onvifName: String, sdkPort: Bool = true,
                               deviceInformation: [UInt8]? = nil) -> (tcp: [TCPService], udp: [UDPService]) {
        let onvif = ONVIFDeviceService(
            stackNamespaces: #"xmlns:hikwsd="http://www.onvifext.com/onvif/ext/ver10/wsdl" xmlns:hikxsd="http://www.onvifext.com/onvif/ext/ver10/schema""#,
            deviceInformation: deviceInformation)
        let routes = HTTPRoutes([
            .get("/", Personalisation.consistentLength(Personalisation.redirectingLocation(root, to: context.address))),
            .get("/ISAPI/", prefix: true, record("ref-8262ee5f03")),
            .get("/SDK/", prefix: true, record("ref-8262ee5f03")),
            HTTPRoute(method: "POST", path: "/onvif/device_service", matchesPrefix: false, answer: .onvif(onvif)),
        ])
        var tcp = [
            TCPService(port: 80, behaviour: .http(routes)),
            TCPService(port: 554, behaviour: .rtsp(options: record(rtspOptions), describe: record(rtspDescribe))),
        ]
        if sdkPort { tcp.append(TCPService(port: 8000, behaviour: .replyToAnyBytes(record("ref-a9a42b0d4c")))) }
        let serial = "\(model)\(String(format: "%02d", context.unit % 100))20240101CCWR\(String(format: "%09d", 100_000_000 + context.unit))"
        let sadp = DiscoveryAnswers.sadp(model: model, serial: serial, mac: context.mac, address: context.address,
                                         firmware: firmware, deviceTypeCode: typeCode)
        let probeMatch = ProbeMatchTemplate(
            endpoint: "urn:uuid:\(ProbeMatchTemplate.uuid(seed: context.mac, counter: 0))",
            scopes: "onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/hardware/\(model) onvif://www.onvif.org/name/\(onvifName)",
            xAddrs: "http://\(context.address)/onvif/device_service")
        return (tcp, [
            UDPService(port: 37020, behaviour: .sadp(answer: sadp)),
            UDPService(port: 3702, behaviour: .wsDiscovery(probeMatch)),
        ])
    }

    static func hikvision(_ key: String, brand: String = "Hikvision", model: String, type: String, ouis: [String],
                          root: String, rtspOptions: String = "ref-238a127a11", rtspDescribe: String = "ref-5f984f6185",
                          firmware: String = "V5.7.3 build 220112", typeCode: Int = 31, deviceInformation: String? = nil) -> DeviceProfile {
        DeviceProfile(
            key: key,
            truth: DeviceTruth(maker: "hikvision", brand: brand, model: model, deviceType: type, covered: true),
            ouis: ouis,
            services: { context in
                hikvisionStack(context, root: record(root), rtspOptions: rtspOptions, rtspDescribe: rtspDescribe, model: model,
                               firmware: firmware, typeCode: typeCode,
                               onvifName: brand == "Hikvision" ? "HIKVISION%20\(model)" : brand,
                               deviceInformation: deviceInformation.map(record))
            })
    }

    static let hikvisionOUIs = ["bcad28", "c056e3", "4419b6", "e0ca3c", "849a40", "240f9b"]

    /// The recorded DS-KH6210-L indoor station's SADP answer, made this unit's.
    static func recordedIntercom() -> DeviceProfile {
        DeviceProfile(
            key: "hik-intercom",
            truth: DeviceTruth(maker: "hikvision", brand: "Hikvision", model: "DS-KH6210-L", deviceType: "intercom", covered: true),
            ouis: ["c056e3"],
            services: { context in
                var sadp = Personalisation.replacingMACs(in: text("ref-05a3e32059"), with: context.mac)
                sadp = Personalisation.replacingElement("IPv4Address", in: sadp, with: context.address)
                let routes = HTTPRoutes([.get("/", record("ref-361bae361d"))])
                return ([TCPService(port: 80, behaviour: .http(routes)),
                         TCPService(port: 8000, behaviour: .replyToAnyBytes(record("ref-a9a42b0d4c")))],
                        [UDPService(port: 37020, behaviour: .sadp(answer: sadp))])
            })
    }

    // MARK: Dahua and its relabels

    static func dahua(_ key: String, brand: String = "Dahua", model: String?, type: String, ouis: [String],
                      root: String = "ref-cad64058ca", rtspOptions: String = "ref-d09f9a754d", rtspDescribe: String = "ref-3e008008a8",
                      dhip: String? = "ref-9c00d2bf5a", legacyDiscovery: Bool = false, rpcLogin: Bool = true) -> DeviceProfile {
        DeviceProfile(
            key: key,
            truth: DeviceTruth(maker: "dahua", brand: brand, model: model, deviceType: type, covered: true),
            ouis: ouis,
            services: { context in
                var routes: [HTTPRoute] = [
                    .get("/", Personalisation.consistentLength(record(root))),
                    .get("/cgi-bin/", prefix: true, record("ref-89c474f751")),
                    HTTPRoute(method: "POST", path: "/onvif/device_service", matchesPrefix: false,
                              answer: .onvif(ONVIFDeviceService(stackNamespaces: "", deviceInformation: nil))),
                ]
                if rpcLogin {
                    let login = Personalisation.replacingMACs(in: text("ref-28112acb3e"), with: context.mac)
                    routes.append(.post("/RPC2_Login", Array(login.utf8)))
                }
                var udp: [UDPService] = []
                if let dhip {
                    udp.append(UDPService(port: 37810, behaviour: .dhip(answer: Personalisation.dhip(record(dhip), mac: context.mac, address: context.address))))
                }
                let serial = "4J0\(String(format: "%04d", context.unit))PAG\(String(format: "%05d", context.unit))"
                if legacyDiscovery {
                    udp.append(UDPService(port: 5050, behaviour: .dahuaLegacy(answer: DiscoveryAnswers.dahuaLegacy(
                        name: model ?? "DVR", mac: context.mac, address: context.address, serial: serial))))
                }
                let probeMatch = ProbeMatchTemplate(
                    endpoint: "urn:uuid:\(ProbeMatchTemplate.uuid(seed: context.mac, counter: 0))",
                    scopes: "onvif://www.onvif.org/type/Network_Video_Transmitter onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/hardware/\(model ?? "IPC") onvif://www.onvif.org/name/\(brand)",
                    xAddrs: "http://\(context.address)/onvif/device_service")
                udp.append(UDPService(port: 3702, behaviour: .wsDiscovery(probeMatch)))
                return ([
                    TCPService(port: 80, behaviour: .http(HTTPRoutes(routes))),
                    TCPService(port: 554, behaviour: .rtsp(options: record(rtspOptions), describe: record(rtspDescribe))),
                    TCPService(port: 37777, behaviour: .dvripRealm(record("ref-de67accee3"))),
                ], udp)
            })
    }

    static let dahuaOUIs = ["3cef8c", "4c11bf", "e0508b", "9002a9", "bc325f"]

    // MARK: Other makers' cameras and ordinary hosts

    /// A host whose every identifying answer is one recorded HTTP response on port 80, plus an
    /// optional RTSP server line, an SSDP answer and an ONVIF presence.
    static func plain(_ key: String, maker: String, brand: String, model: String? = nil, type: String, ouis: [String],
                      http: String?, rtsp: String? = nil, ssdpServer: Bool = false, onvif: Bool = false, extraTCP: [Int] = []) -> DeviceProfile {
        DeviceProfile(
            key: key,
            truth: DeviceTruth(maker: maker, brand: brand, model: model, deviceType: type, covered: false),
            ouis: ouis,
            services: { context in
                var tcp: [TCPService] = []
                var udp: [UDPService] = []
                if let http {
                    var routes: [HTTPRoute] = [.get("/", Personalisation.consistentLength(record(http)))]
                    if onvif {
                        routes.append(HTTPRoute(method: "POST", path: "/onvif/device_service", matchesPrefix: false,
                                                answer: .onvif(ONVIFDeviceService(stackNamespaces: "", deviceInformation: nil))))
                    }
                    tcp.append(TCPService(port: 80, behaviour: .http(HTTPRoutes(routes))))
                    if ssdpServer, let server = serverHeader(record(http)) {
                        udp.append(UDPService(port: 1900, behaviour: .ssdp(answer: DiscoveryAnswers.ssdp(
                            server: server, address: context.address, uuid: ProbeMatchTemplate.uuid(seed: context.mac, counter: 1)))))
                    }
                }
                if let rtsp {
                    tcp.append(TCPService(port: 554, behaviour: .rtsp(options: record(rtsp), describe: record(rtsp))))
                }
                if onvif {
                    udp.append(UDPService(port: 3702, behaviour: .wsDiscovery(ProbeMatchTemplate(
                        endpoint: "urn:uuid:\(ProbeMatchTemplate.uuid(seed: context.mac, counter: 0))",
                        scopes: "onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/hardware/\(model ?? "camera") onvif://www.onvif.org/name/\(brand)",
                        xAddrs: "http://\(context.address)/onvif/device_service"))))
                }
                for port in extraTCP { tcp.append(TCPService(port: port, behaviour: .silent)) }
                return (tcp, udp)
            })
    }

    static func serverHeader(_ response: [UInt8]) -> String? {
        let text = String(decoding: response.prefix(4096), as: UTF8.self)
        for line in text.split(separator: "\r\n") where line.lowercased().hasPrefix("server:") {
            return line.dropFirst(7).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    static func awkward(_ key: String, _ behaviour: TCPBehaviour, ports: [Int] = [80, 554, 8000, 37777], udp: UDPBehaviour? = nil) -> DeviceProfile {
        DeviceProfile(
            key: key,
            truth: DeviceTruth(maker: "none", brand: "none", model: nil, deviceType: "awkward", covered: false),
            ouis: [],
            services: { _ in
                (ports.map { TCPService(port: $0, behaviour: behaviour) },
                 udp.map { behaviour in [37020, 37810, 3702].map { UDPService(port: $0, behaviour: behaviour) } } ?? [])
            })
    }
}
