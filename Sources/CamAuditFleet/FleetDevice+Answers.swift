/// What a device answers to the documented read-only requests, without a network: for tests
/// that check the fleet against the dissectors and the classifier offline.
extension FleetDevice {
    public struct Answer: Sendable {
        /// The dissector's protocol name (`http`, `rtsp`, `sadp`, `dhip`, …).
        public var protocolName: String
        public var port: Int
        public var bytes: [UInt8]
    }

    public var documentedAnswers: [Answer] {
        var answers: [Answer] = []
        for service in tcp {
            switch service.behaviour {
            case .http(let routes):
                answers.append(Answer(protocolName: "http", port: service.port, bytes: routes.answer(method: "GET", target: "/", body: [])))
            case .rtsp(let options, let describe):
                answers.append(Answer(protocolName: "rtsp", port: service.port, bytes: options))
                answers.append(Answer(protocolName: "rtsp", port: service.port, bytes: describe))
            case .replyToAnyBytes(let bytes):
                answers.append(Answer(protocolName: "hikvision-8000", port: service.port, bytes: bytes))
            case .dvripRealm(let bytes):
                answers.append(Answer(protocolName: "dahua-37777", port: service.port, bytes: bytes))
            default:
                break
            }
        }
        for service in udp {
            switch service.behaviour {
            case .sadp(let answer):
                answers.append(Answer(protocolName: "sadp", port: service.port, bytes: Array(answer.utf8)))
            case .dhip(let answer):
                answers.append(Answer(protocolName: "dhip", port: service.port, bytes: answer))
            case .dahuaLegacy(let answer):
                answers.append(Answer(protocolName: "dahua-5050", port: service.port, bytes: answer))
            case .wsDiscovery(let template):
                answers.append(Answer(protocolName: "onvif-probematch", port: service.port,
                                      bytes: Array(template.answer(relatesTo: "urn:uuid:test", messageNumber: 1).utf8)))
            case .ssdp(let answer):
                answers.append(Answer(protocolName: "ssdp", port: service.port, bytes: Array(answer.utf8)))
            case .recorded(let name, let answer):
                answers.append(Answer(protocolName: name == "ws-discovery" ? "onvif-probematch" : name, port: service.port, bytes: answer))
            case .garbage:
                break
            }
        }
        return answers
    }
}
