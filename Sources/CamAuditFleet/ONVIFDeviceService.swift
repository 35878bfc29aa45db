/// The ONVIF device service (SOAP over HTTP) as an unauthenticated client meets it:
/// GetSystemDateAndTime answers (PRE_AUTH); GetDeviceInformation answers only where the device
/// has a recorded unauthenticated answer (a weak access policy, worth reporting); every other
/// operation is refused the way a UsernameToken-only device refuses it (HTTP 400, ter:NotAuthorized).
public struct ONVIFDeviceService: Sendable {
    /// Extra `xmlns:…` declarations of the vendor's stack on the envelope (the Hikvision stack
    /// declares `hikwsd`/`hikxsd`), written after the standard ones.
    public var stackNamespaces: String
    /// A recorded GetDeviceInformation answer (SOAP envelope), or nil where it needs credentials.
    public var deviceInformation: [UInt8]?
    /// Recorded answers to the other operations, by operation name (a replayed device's own).
    public var recordedAnswers: [String: [UInt8]] = [:]

    func answer(body: [UInt8]) -> [UInt8] {
        let text = String(decoding: body.prefix(65_536), as: UTF8.self)
        if let recorded = recordedAnswers.first(where: { text.contains($0.key) })?.value {
            return Self.http(status: "200 OK", soap: String(decoding: recorded, as: UTF8.self))
        }
        if text.contains("GetSystemDateAndTime") {
            return Self.http(status: "200 OK", soap: dateAndTimeEnvelope)
        }
        if text.contains("GetDeviceInformation"), let recorded = deviceInformation {
            return Self.http(status: "200 OK", soap: String(decoding: recorded, as: UTF8.self))
        }
        return Self.http(status: "400 Bad Request", soap: Self.notAuthorizedFault)
    }

    /// A fixed clock, so runs are deterministic.
    private var dateAndTimeEnvelope: String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema"\(stackNamespaces.isEmpty ? "" : " " + stackNamespaces)><env:Body><tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings><tt:TimeZone><tt:TZ>CST-8:00:00</tt:TZ></tt:TimeZone><tt:UTCDateTime><tt:Time><tt:Hour>12</tt:Hour><tt:Minute>0</tt:Minute><tt:Second>0</tt:Second></tt:Time><tt:Date><tt:Year>2026</tt:Year><tt:Month>11</tt:Month><tt:Day>23</tt:Day></tt:Date></tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse></env:Body></env:Envelope>
        """
    }

    private static let notAuthorizedFault = """
        <?xml version="1.0" encoding="UTF-8"?>
        <env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:ter="http://www.onvif.org/ver10/error"><env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>ter:NotAuthorized</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang="en">Sender not Authorized</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>
        """

    private static func http(status: String, soap: String) -> [UInt8] {
        let body = Array(soap.utf8)
        return Array("HTTP/1.1 \(status)\r\nContent-Type: application/soap+xml; charset=utf-8\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8) + body
    }
}
