import CamAuditDissectors
import CamAuditModel
import Testing

/// An ONVIF fault's reason is the firmware's wording (the code and subcode are the standard's):
/// read from the envelope, from an envelope cut short, and from the one line a client library
/// prints, which is how faults are usually published.
@Suite struct ONVIFFaultTests {
    let source = EvidenceSource(kind: .recorded, protocolName: "onvif-soap", port: 80, reference: "t")

    func observations(_ text: String) throws -> [String: [String]] {
        try ProtocolDissector.dissect(protocol: "onvif-soap", payload: Array(text.utf8), source: source)
            .reduce(into: [:]) { $0[$1.field, default: []].append($1.value) }
    }

    // corpus ss4-dh-onvif-fault-imou-odm19
    let envelope = #"<?xml version="1.0" encoding="utf-8" standalone="yes" ?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:ter="http://www.onvif.org/ver10/error"><s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>ter:NotAuthorized</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en">Sender not Authorized. Invalid username or password! You still have 24 attempt(s).</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>"#
    let reason = "Sender not Authorized. Invalid username or password! You still have 24 attempt(s)."

    @Test func aSOAP12FaultGivesItsReasonAndSubcode() throws {
        let found = try observations(envelope)
        #expect(found[ObservationField.onvifFaultReason] == [reason])
        #expect(found[ObservationField.onvifFaultSubcode] == ["ter:NotAuthorized"])
        // The same answer inside its HTTP exchange, as a capture or a scan sees it.
        let http = "HTTP/1.1 400 Bad Request\r\nContent-Type: application/soap+xml; charset=utf-8\r\nContent-Length: \(envelope.utf8.count)\r\n\r\n" + envelope
        #expect(try observations(http)[ObservationField.onvifFaultReason] == [reason])
        let viaHTTP = try ProtocolDissector.dissect(protocol: "http", payload: Array(http.utf8), source: source)
        #expect(viaHTTP.contains { $0.field == ObservationField.onvifFaultReason && $0.value == reason })
    }

    @Test func aSOAP11FaultGivesItsFaultstring() throws {
        let soap11 = #"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>Sender not Authorized</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>"#
        #expect(try observations(soap11)[ObservationField.onvifFaultReason] == ["Sender not Authorized"])
    }

    @Test func aFaultCutShortKeepsAReasonClosedBeforeTheCut() throws {
        let cut = String(envelope.prefix(upTo: envelope.range(of: "</s:Reason>")!.lowerBound))
        #expect(try observations(cut)[ObservationField.onvifFaultReason] == [reason])
        // Cut inside the text: nothing of it is the device's whole reason.
        let insideText = String(envelope.prefix(upTo: envelope.range(of: "You still")!.lowerBound))
        #expect(try observations(insideText)[ObservationField.onvifFaultReason] == nil)
    }

    @Test func theLinePrintedByAClientIsTheReason() throws {
        #expect(try observations(reason)[ObservationField.onvifFaultReason] == [reason])
        #expect(try observations("  Sender not Authorized\r\n")[ObservationField.onvifFaultReason] == ["Sender not Authorized"])
        // Several lines, control bytes or an overlong text are not a reason: still an error.
        #expect(throws: DissectError.self) { try observations("Sender not Authorized\nTraceback (most recent call last):") }
        #expect(throws: DissectError.self) { try observations("Sender not Authorized\r\nTraceback (most recent call last):") }
        #expect(throws: DissectError.self) { try observations("Sender\u{01} not Authorized") }
        #expect(throws: DissectError.self) { try observations(String(repeating: "x", count: 600)) }
        #expect(throws: DissectError.self) { try observations("<not xml") }
    }
}
