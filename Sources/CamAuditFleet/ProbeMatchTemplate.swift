/// A WS-Discovery ProbeMatches answer (April 2005 namespace, SOAP 1.2), laid out as
/// shared/reference/protocols.md §1.3 describes; the corpus holds no recorded one, so the
/// fleet writes it from the device's own model and address.
public struct ProbeMatchTemplate: Sendable {
    /// `urn:uuid:…`, stable per device.
    public var endpoint: String
    /// Space-separated scope URIs (`onvif://www.onvif.org/hardware/DS-2CD2143G0-I` …).
    public var scopes: String
    /// Space-separated device-service URLs.
    public var xAddrs: String

    /// The answer to a Probe whose MessageID was `relatesTo`.
    func answer(relatesTo: String, messageNumber: Int) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><env:Header><wsa:MessageID>urn:uuid:\(Self.uuid(seed: endpoint, counter: messageNumber))</wsa:MessageID><wsa:RelatesTo>\(relatesTo)</wsa:RelatesTo><wsa:To env:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To><wsa:Action env:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action><d:AppSequence InstanceId="1" MessageNumber="\(messageNumber)"/></env:Header><env:Body><d:ProbeMatches><d:ProbeMatch><wsa:EndpointReference><wsa:Address>\(endpoint)</wsa:Address></wsa:EndpointReference><d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types><d:Scopes>\(scopes)</d:Scopes><d:XAddrs>\(xAddrs)</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches></env:Body></env:Envelope>
        """
    }

    /// A deterministic v4-shaped UUID from a seed string and a counter (FNV-1a, twice).
    static func uuid(seed: String, counter: Int) -> String {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in seed.utf8 { first = (first ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var second = (first ^ UInt64(bitPattern: Int64(counter))) &* 0x100_0000_01b3
        second = (second ^ 0x5bd1_e995) &* 0x100_0000_01b3
        let hex = String(first, radix: 16).leftPadded(16) + String(second, radix: 16).leftPadded(16)
        let characters = Array(hex)
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }
        return groups.joined(separator: "-")
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
