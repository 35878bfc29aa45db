import CamAuditDissectors
import CamAuditModel
import Testing

/// Event streams (Hikvision's alertStream, Dahua's eventManager attach) are multipart bodies:
/// each part is read as a body of its own, in the forms integrations log them.
@Suite struct MultipartBodyTests {
    let source = EvidenceSource(kind: .recorded, protocolName: "http", port: 80, reference: "t")

    func values(_ payload: String, protocol name: String = "http-body", _ field: String) throws -> [String] {
        try ProtocolDissector.dissect(protocol: name, payload: Array(payload.utf8), source: source)
            .filter { $0.field == field }.map(\.value)
    }

    // evaluation ev6-oh15126-1 (openhab/openhab-addons#15126), one part of a camera's alertStream.
    let alert = """
        <EventNotificationAlert version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">\r
        <ipAddress>192.168.1.64</ipAddress>\r
        <macAddress>24:0f:9b:bc:1d:19</macAddress>\r
        <eventType>videoloss</eventType>\r
        </EventNotificationAlert>\r

        """

    @Test func eachPartOfAnAlertStreamIsABody() throws {
        let part = "--boundary\r\nContent-Type: application/xml; charset=\"UTF-8\"\r\nContent-Length: 549\r\n\r\n" + alert
        let stream = part + part + "--boundary--\r\n"
        #expect(try values(stream, ObservationField.httpXMLNamespace) == ["http://www.hikvision.com/ver20/XMLSchema", "http://www.hikvision.com/ver20/XMLSchema"])
        #expect(try values(stream, ObservationField.macAddress).first == "24:0f:9b:bc:1d:19")
        // The same stream as the answer to GET /ISAPI/Event/notification/alertStream.
        let response = "HTTP/1.1 200 OK\r\nContent-Type: multipart/mixed; boundary=boundary\r\n\r\n" + stream
        #expect(try values(response, protocol: "http", ObservationField.httpXMLNamespace).count == 2)
        // LF line ends, and a stream cut inside its second part's headers.
        let cut = (part + "--boundary\r\nContent-Type: appl").replacingOccurrences(of: "\r\n", with: "\n")
        #expect(try values(cut, ObservationField.httpXMLNamespace) == ["http://www.hikvision.com/ver20/XMLSchema"])
    }

    @Test func aFlattenedPartStartsAtItsMarkup() throws {
        // evaluation ev6-iob7-1: the poster's paste turned every line break into a space.
        let flattened = #"--boundary Content-Disposition: form-data; name="fielddetection" Content-Type: application/xml Content-Length: 1185 <EventNotificationAlert version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema"> <macAddress>80:7c:62:76:15:b8</macAddress> <eventType>fielddetection</eventType> </EventNotificationAlert>"#
        #expect(try values(flattened, ObservationField.httpXMLNamespace) == ["http://www.hikvision.com/ver20/XMLSchema"])
    }

    @Test func imagesAndNonStreamsAreNotParts() throws {
        let jpeg = "--myboundary\r\nContent-Type: image/jpeg\r\nContent-Length: 4\r\n\r\n\u{FF}\u{D8}\u{FF}\u{E0}\r\n--myboundary\r\nContent-Type: text/plain\r\n\r\nCode=VideoMotion;action=Start;index=0\r\n"
        #expect(try values(jpeg, ObservationField.httpBody) == ["Code=VideoMotion;action=Start;index=0"])
        // A body that only starts with two dashes is a body.
        #expect(try values("-- no boundary here", ObservationField.httpBody) == ["-- no boundary here"])
        #expect(try values("--\r\n", ObservationField.httpBody) == ["--\r\n"])
        // Parts are bounded: a stream repeats itself.
        let many = String(repeating: "--b\r\n\r\nx=1\r\n", count: 40)
        #expect(try values(many, ObservationField.httpBody).count == 16)
    }

    @Test func dahuaEventStreamLinesGiveTheirEvent() throws {
        // corpus ss4-dh-eventmanager-intelbras-rroller644 (headers shortened)
        let stream = "HTTP/1.1 200 OK\nContent-Type: multipart/x-mixed-replace; boundary=myboundary;charset=utf-8\n\n--myboundary\nContent-Type: text/plain\nContent-Length: 119\n\nCode=VideoMotion;action=Start;index=0;data={\n        \"LocaleTime\":    \"2026-09-11 12:39:43\",\n        \"Name\": \"IPC\"\n}\n"
        #expect(try values(stream, protocol: "http", ObservationField.dahuaCGIEvent) == ["Code=VideoMotion;action=Start;index=0"])
        // Without data, and a `Code=` line of another shape, which is no event.
        #expect(try values("Code=AlarmLocal;action=Stop;index=2\r\n", ObservationField.dahuaCGIEvent) == ["Code=AlarmLocal;action=Stop;index=2"])
        #expect(try values("Code=1234\r\n", ObservationField.dahuaCGIEvent).isEmpty)
    }
}
