@testable import CamAuditCapture
import CamAuditModel
import Foundation
import Testing

/// A sender's packed evidence gives back exactly the observations that went in, whatever their
/// strings, sources and the state of the shared vocabulary.
@Suite struct SenderEvidenceTests {
    static let time = Date(timeIntervalSince1970: 1_790_000_000.123456)

    static func origin(_ protocolName: String?, port: Int?, file: String?, number: Int, time: Date?, kind: EvidenceSource.Kind = .passive) -> EvidenceOrigin {
        EvidenceOrigin(kind: kind, protocolName: protocolName, port: port, reference: file.map { PacketReference(file: $0, number: number) }, time: time)
    }

    @Test func observationsComeBackExactlyWithTheirSources() {
        var vocabulary = EvidenceVocabulary()
        var device = PassiveDevice(key: SenderKey(mac: nil, ip: nil), reference: .none, time: Self.time)
        let first = Self.origin("http", port: 80, file: "school.pcap", number: 12, time: Self.time)
        let second = Self.origin(nil, port: nil, file: nil, number: 0, time: nil, kind: .imported)
        let third = Self.origin("dhip", port: -1, file: "ä b#c.pcap", number: Int.max, time: Date(timeIntervalSinceReferenceDate: -1.5), kind: .active)
        let values = ["App-webs/", "", "é\u{0}\u{2028}\"\\ ⚠︎ 監視", String(repeating: "x", count: 300)]
        var expected: [Observation] = []
        for (index, value) in values.enumerated() {
            let origin = [first, second, third, first][index]
            let observation = Observation(field: "http.header.server", value: value)
            #expect(device.add(observation, origin: origin, vocabulary: &vocabulary) > 0)
            let same = Observation(field: "http.realm", value: value + "!")
            #expect(device.add(same, origin: nil, vocabulary: &vocabulary) > 0)
            expected += [Observation(field: observation.field, value: value, source: origin.source),
                         Observation(field: same.field, value: same.value, source: origin.source)]
        }
        #expect(device.observations(vocabulary) == expected)
        #expect(expected[4].source.reference == "ä b#c.pcap#\(Int.max)")
        #expect(expected[2].source.reference == nil && expected[2].source.protocolName == nil)
    }

    @Test func repeatsAreRecognisedWithoutASecondCopy() {
        var vocabulary = EvidenceVocabulary()
        var device = PassiveDevice(key: SenderKey(mac: nil, ip: nil), reference: .none, time: Self.time)
        let origin = Self.origin("rtsp", port: 554, file: "f", number: 1, time: Self.time)
        let observation = Observation(field: "rtsp.header.server", value: "Rtsp Server/2.0")
        #expect(device.add(observation, origin: origin, vocabulary: &vocabulary) > 0)
        let held = device.heldBytes
        #expect(device.add(observation, origin: origin, vocabulary: &vocabulary) == 0)
        #expect(device.heldBytes == held)
        // The same value under another field is not a repeat.
        #expect(device.add(Observation(field: "http.header.server", value: observation.value), origin: origin, vocabulary: &vocabulary) > 0)
        #expect(device.observations(vocabulary).count == 2)
    }

    /// A busy host: past `indexedFrom` entries repeats are found through the kept hashes, with
    /// fields named by number and inline alike, and every new value is still taken.
    @Test func aBusySenderStillRecognisesEveryRepeatAndTakesEveryNewValue() {
        var vocabulary = EvidenceVocabulary()
        for number in 0..<(EvidenceVocabulary.capacity - 2) { _ = vocabulary.number(for: "filler.\(number)") }
        var device = PassiveDevice(key: SenderKey(mac: nil, ip: nil), reference: .none, time: Self.time)
        let origin = Self.origin("dns", port: 53, file: "f", number: 1, time: Self.time)
        // Two fields get numbers, the rest of the vocabulary is full, so four more are inline.
        let fields = ["dns.query", "http.header.user-agent", "inline.a", "inline.b", "inline.c", "inline.d"]
        var expected: [Observation] = []
        var taken = Set<String>()
        for round in 0..<3 {
            for index in 0..<200 {
                let observation = Observation(field: fields[index % fields.count], value: "host-\(index % 150).example")
                let isNew = taken.insert(observation.field + "\u{0}" + observation.value).inserted
                let added = device.add(observation, origin: expected.isEmpty ? origin : nil, vocabulary: &vocabulary)
                #expect((added > 0) == isNew, "round \(round), value \(index)")
                if isNew { expected.append(Observation(field: observation.field, value: observation.value, source: origin.source)) }
            }
        }
        #expect(expected.count > SenderEvidence.indexedFrom)
        #expect(device.observations(vocabulary) == expected)
    }

    @Test func aFullVocabularyStoresNamesInline() {
        var vocabulary = EvidenceVocabulary()
        for number in 0..<EvidenceVocabulary.capacity { _ = vocabulary.number(for: "filler.\(number)") }
        #expect(vocabulary.number(for: "not.in.the.table") == nil)
        var device = PassiveDevice(key: SenderKey(mac: nil, ip: nil), reference: .none, time: Self.time)
        let origin = Self.origin("new-protocol", port: 1, file: "new-file.pcap", number: 7, time: Self.time)
        let observation = Observation(field: "new.field", value: "v")
        #expect(device.add(observation, origin: origin, vocabulary: &vocabulary) > 0)
        #expect(device.add(observation, origin: nil, vocabulary: &vocabulary) == 0)
        #expect(device.add(Observation(field: "filler.3", value: "v"), origin: nil, vocabulary: &vocabulary) > 0)
        #expect(device.observations(vocabulary) == [
            Observation(field: "new.field", value: "v", source: origin.source),
            Observation(field: "filler.3", value: "v", source: origin.source),
        ])
    }

    @Test func aSenderStopsAtItsObservationCap() {
        var vocabulary = EvidenceVocabulary()
        var device = PassiveDevice(key: SenderKey(mac: nil, ip: nil), reference: .none, time: Self.time)
        let origin = Self.origin("ssdp", port: 1900, file: "f", number: 1, time: Self.time)
        for number in 0..<(PassiveDevice.maximumObservations + 10) {
            device.add(Observation(field: "ssdp.server", value: "\(number)"), origin: number == 0 ? origin : nil, vocabulary: &vocabulary)
        }
        #expect(device.observations(vocabulary).count == PassiveDevice.maximumObservations)
    }
}
