import CamAuditDissectors
import CamAuditModel
import Foundation
import Testing

/// What a capture keeps of one server stream: several answers in a row, or a SOAP answer in
/// an HTTP body. Built from corpus records (Tests/Fixtures/corpus).
@Suite struct StreamAnswersTests {
    let source = EvidenceSource(kind: .passive, protocolName: "rtsp", port: 554, reference: "t")

    static func corpus(_ id: String) throws -> [UInt8] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/corpus/corpus.jsonl").path
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if object["id"] as? String == id { return Array(try #require(object["payload"] as? String).utf8) }
        }
        throw CocoaError(.fileReadNoSuchFile)
    }

    @Test func everyRTSPAnswerOfAStreamIsRead() throws {
        // OPTIONS, then the DESCRIBE 401 with the realm, then the DESCRIBE 200 with its SDP.
        let stream = try Self.corpus("ref-238a127a11") + Self.corpus("ref-5f984f6185") + Self.corpus("pss-hik-rtsp-easydarwin-describe200")
        let observations = try ProtocolDissector.dissect(protocol: "rtsp", payload: stream, source: source)
        #expect(observations.filter { $0.field == ObservationField.rtspPublic }.count == 1)
        #expect(observations.filter { $0.field == ObservationField.rtspRealm }.map(\.value) == ["IP Camera(C2875)"])
        #expect(observations.contains { $0.field == ObservationField.rtspSDP && $0.value.contains("494D4B48") })
        // The same Date header in every answer is one observation.
        #expect(observations.filter { $0.field == ObservationField.rtspDate }.count == 1)
    }

    @Test func aStreamCutInsideItsLastAnswerKeepsWhatArrived() throws {
        let second = try Self.corpus("ref-5f984f6185")
        let stream = try Self.corpus("ref-238a127a11") + Array(second.prefix(60))
        let observations = try ProtocolDissector.dissect(protocol: "rtsp", payload: stream, source: source)
        #expect(observations.contains { $0.field == ObservationField.rtspPublic })
    }

    @Test func anONVIFAnswerInAnHTTPStreamIsRead() throws {
        let soap = try Self.corpus("pss-hik-ds2df7286-onvif-devinfo")
        let http = Array("HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml; charset=utf-8\r\n\r\n".utf8) + soap
        let observations = try ProtocolDissector.dissect(protocol: "http", payload: http, source: source)
        #expect(observations.filter { $0.field == ObservationField.onvifManufacturer }.map(\.value) == ["HIKVISION"])
    }
}
