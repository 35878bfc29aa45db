import CamAuditDissectors
import Foundation

/// The exact bytes of every exchange the scanner may start (README: "What the scanner sends").
/// Each is a read-only query documented in shared/reference/protocols.md; nothing here logs in,
/// sets up a stream or changes a device.
enum ProbePayloads {
    // MARK: UDP discovery

    /// ONVIF WS-Discovery Probe (protocols.md §1.2): one per device type, since Types match as AND.
    static func wsDiscoveryProbe(type: String, messageID: UUID) -> [UInt8] {
        let namespace = type.hasPrefix("tds:") ? "xmlns:tds=\"http://www.onvif.org/ver10/device/wsdl\"" : "xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\""
        let text = """
        <?xml version="1.0" encoding="UTF-8"?>\
        <e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope" xmlns:w="http://schemas.xmlsoap.org/ws/2004/08/addressing" \
        xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" \(namespace)>\
        <e:Header><w:MessageID>urn:uuid:\(messageID.uuidString.lowercased())</w:MessageID>\
        <w:To e:mustUnderstand="true">urn:schemas-xmlsoap-org:ws:2005:04:discovery</w:To>\
        <w:Action e:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</w:Action></e:Header>\
        <e:Body><d:Probe><d:Types>\(type)</d:Types></d:Probe></e:Body></e:Envelope>
        """
        return Array(text.utf8)
    }

    static let wsDiscoveryTypes = ["dn:NetworkVideoTransmitter", "tds:Device"]

    /// Hikvision SADP inquiry (§3.1); the device echoes the UUID.
    static func sadpInquiry(uuid: UUID) -> [UInt8] {
        Array("<?xml version=\"1.0\" encoding=\"utf-8\"?><Probe><Uuid>\(uuid.uuidString.uppercased())</Uuid><Types>inquiry</Types></Probe>".utf8)
    }

    /// Dahua DHIP `DHDiscover.search` (§5.1): 32-byte little-endian header, then the JSON.
    static let dhipSearch: [UInt8] = {
        let json = Array(#"{"method":"DHDiscover.search","params":{"mac":"","uni":1}}"#.utf8)
        return DHIPFrame.header(payloadLength: json.count) + json
    }()

    /// Dahua legacy discovery on UDP 5050 (§5.2): `a3 01 00 01`, 12 zero bytes, `02 00 00 00`, 12 zero bytes.
    static let dahuaLegacySearch: [UInt8] = [0xA3, 0x01, 0x00, 0x01] + [UInt8](repeating: 0, count: 12) + [0x02, 0, 0, 0] + [UInt8](repeating: 0, count: 12)

    /// SSDP M-SEARCH (§7). Unicast form: HOST names the device, no MX (UPnP 1.1 §1.3.2).
    static func ssdpSearch(host: String, multicast: Bool) -> [UInt8] {
        let mx = multicast ? "MX: 1\r\n" : ""
        return Array("M-SEARCH * HTTP/1.1\r\nHOST: \(host)\r\nMAN: \"ssdp:discover\"\r\n\(mx)ST: upnp:rootdevice\r\nUSER-AGENT: camaudit/0.1 read-only audit\r\n\r\n".utf8)
    }

    // MARK: TCP

    /// Dahua DVRIP realm request on 37777 (§5.3): no credentials; the answer carries `Realm:`.
    static let dvripRealmRequest: [UInt8] = [0xA0, 0x01, 0x00, 0x00] + [UInt8](repeating: 0, count: 20) + [0x05, 0x02, 0x01, 0x01, 0x00, 0x00, 0xA1, 0xAA]

    /// RTSP OPTIONS and DESCRIBE without credentials (§6); never SETUP or PLAY.
    static func rtsp(_ method: String, url: String, cseq: Int) -> [UInt8] {
        let accept = method == "DESCRIBE" ? "Accept: application/sdp\r\n" : ""
        return Array("\(method) \(url) RTSP/1.0\r\nCSeq: \(cseq)\r\n\(accept)User-Agent: camaudit/0.1 read-only audit\r\n\r\n".utf8)
    }

    // MARK: ONVIF device service (PRE_AUTH operations, §2.2/§2.4)

    static let onvifOperations: [(name: String, body: String)] = [
        ("GetSystemDateAndTime", "<tds:GetSystemDateAndTime/>"),
        ("GetServices", "<tds:GetServices><tds:IncludeCapability>false</tds:IncludeCapability></tds:GetServices>"),
        ("GetCapabilities", "<tds:GetCapabilities><tds:Category>All</tds:Category></tds:GetCapabilities>"),
        ("GetDeviceInformation", "<tds:GetDeviceInformation/>"),
    ]

    static func onvifEnvelope(_ body: String) -> [UInt8] {
        Array("""
        <?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" \
        xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><s:Body>\(body)</s:Body></s:Envelope>
        """.utf8)
    }
}
