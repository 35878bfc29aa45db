import CamAuditDissectors
import CamAuditModel
import Testing

/// The message of a Dahua JSON-RPC error answer is read, on RPC2 (an HTTP body) and in DHIP.
@Suite struct DahuaRPCErrorTests {
    let source = EvidenceSource(kind: .recorded, protocolName: "test", port: 80, reference: "t")

    func errors(_ protocolName: String, _ payload: String) throws -> [String] {
        try ProtocolDissector.dissect(protocol: protocolName, payload: Array(payload.utf8), source: source)
            .filter { $0.field == ObservationField.dahuaRPCError }.map(\.value)
    }

    @Test func anErrorAnswerGivesItsMessage() throws {
        // evaluation ev7-dhsdk6-1, a Dahua NVR's RPC2 answer.
        let answer = #"{"error": {"code": 287637505, "message": "Invalid session in request data!"}, "result": false}"#
        #expect(try errors("http-body", answer) == ["Invalid session in request data!"])
        #expect(try errors("dhip", answer) == ["Invalid session in request data!"])
        // A successful answer, or an error without a message, gives none.
        #expect(try errors("dhip", #"{"id":15588,"params":{"timeout":60},"result":true,"session":394176402}"#).isEmpty)
        #expect(try errors("http-body", #"{"error": {"code": 1}, "result": false}"#).isEmpty)
        #expect(try errors("http-body", #"{"error": "text", "result": false}"#).isEmpty)
    }
}
