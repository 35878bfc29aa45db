@testable import CamAuditCapture
import Dispatch
import Foundation
import Testing

@Suite struct DissectionBatchTests {
    static func batch(_ count: Int) -> [PendingDissection] {
        (0..<count).map { index in
            let answer = Array("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"device-\(index)\"\r\n\r\n".utf8)
            return PendingDissection(work: .payload(answer), origin: EvidenceOrigin(kind: .passive, protocolName: "http", port: 80), key: nil, frameMAC: nil)
        }
    }

    /// Lanes that have not started when the reader collects (one core, a busy pool): the
    /// reader dissects the batch itself instead of waiting for them, in the batch's order, and
    /// lanes that start afterwards find nothing left.
    @Test(.timeLimit(.minutes(1))) func theCollectorDoesWhatNoLaneHasStarted() {
        let pending = Self.batch(300)
        let held = DispatchQueue(label: "camaudit.test.held-lanes")
        held.suspend()
        let batch = DissectionBatch(pending, lanes: 2, on: held)
        var realms: [String] = []
        batch.collect { _, dissection in
            realms += dissection.observations.filter { $0.field == "http.realm" }.map(\.value)
        }
        #expect(realms == (0..<300).map { "device-\($0)" })
        held.resume()
        held.sync {}  // the late lanes ran, found no turn, and let the batch go
    }

    /// With lanes running, every dissection is collected once and in order.
    @Test func lanesAndCollectorTogetherKeepTheOrder() {
        let pending = Self.batch(2_000)
        let batch = DissectionBatch(pending, lanes: 2)
        var count = 0
        var inOrder = true
        batch.collect { item, dissection in
            if dissection.observations.first(where: { $0.field == "http.realm" })?.value != "device-\(count)" { inOrder = false }
            if case .payload(let bytes) = item.work, bytes != (pending[count].work.payloadBytes ?? []) { inOrder = false }
            count += 1
        }
        #expect(count == 2_000)
        #expect(inOrder)
    }
}

extension PendingDissection.Work {
    var payloadBytes: [UInt8]? {
        if case .payload(let bytes) = self { return bytes }
        return nil
    }
}
