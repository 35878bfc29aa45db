import Foundation
import CamAuditDissectors
import CamAuditFleet
import CamAuditModel
import CamAuditSignatures
import Testing

/// The simulated district as data: deterministic, the designed mix, and every device's answers
/// telling the truth about it when they go through the real dissectors and classifier.
@Suite struct DistrictTests {
    let devices = try! SimulatedDistrict.devices()

    @Test func theDistrictIsTheDesignedMixAndDeterministic() throws {
        #expect(devices.count == 84)
        #expect(devices.filter(\.truth.covered).count == 46)
        #expect(devices.filter(\.truth.cameraClass).count >= 60)
        #expect(Set(devices.map(\.site)).count == 6)
        #expect(Set(devices.map(\.address)).count == devices.count)
        #expect(Set(devices.map(\.mac)).count == devices.count)
        let again = try SimulatedDistrict.devices()
        #expect(again.map(\.address) == devices.map(\.address))
        #expect(again.map(\.mac) == devices.map(\.mac))
        #expect(devices.allSatisfy { $0.address.hasPrefix("127.77.") })
        let brands = Set(devices.filter(\.truth.covered).map(\.truth.brand))
        #expect(brands.isSuperset(of: ["Hikvision", "Dahua", "HiLook", "EZVIZ", "Lorex", "Amcrest", "Intelbras", "Imou"]))
        let types = Set(devices.filter(\.truth.covered).map(\.truth.deviceType))
        #expect(types.isSuperset(of: ["camera", "nvr", "dvr", "thermal", "doorbell", "intercom", "access-control", "ptz"]))
    }

    @Test func anotherBaseAndSizeKeepTheLayout() throws {
        let big = try SimulatedDistrict.devices(base: "10.77.0.0", count: 1000)
        #expect(big.count == 1000)
        #expect(Set(big.map(\.address)).count == 1000)
        #expect(big.allSatisfy { $0.address.hasPrefix("10.77.") })
        #expect(throws: SimulatedDistrict.LayoutError.self) { try SimulatedDistrict.devices(base: "10.77.1.0") }
        #expect(throws: SimulatedDistrict.LayoutError.self) { try SimulatedDistrict.devices(count: SimulatedDistrict.maximumDevices + 1) }
    }

    @Test func macsCarryTheMakersOUIs() {
        for device in devices where device.truth.covered {
            let first = device.mac.prefix(2)
            #expect(UInt8(first, radix: 16)! & 0x02 == 0, "\(device.name) has a locally administered MAC")
        }
        let hikvision = devices.first { $0.profile == "hik-ip-camera" }!
        #expect(["bc:ad:28", "c0:56:e3", "44:19:b6", "e0:ca:3c", "84:9a:40", "24:0f:9b"].contains(String(hikvision.mac.prefix(8))))
    }

    @Test func discoveryAnswersNameTheDevicesOwnMACAndAddress() throws {
        let dahua = try #require(devices.first { $0.profile == "dahua-ip-camera" })
        let dhip = try #require(dahua.documentedAnswers.first { $0.protocolName == "dhip" })
        let text = String(decoding: dhip.bytes.dropFirst(32), as: UTF8.self)
        #expect(text.contains(dahua.mac))
        #expect(text.contains(dahua.address))
        let length = Int(dhip.bytes[16]) | Int(dhip.bytes[17]) << 8
        #expect(length == dhip.bytes.count - 32)
        let hikvision = try #require(devices.first { $0.profile == "hik-intercom" })
        let sadp = try #require(hikvision.documentedAnswers.first { $0.protocolName == "sadp" })
        #expect(String(decoding: sadp.bytes, as: UTF8.self).contains(hikvision.mac.replacingOccurrences(of: ":", with: "-")))
    }

    @Test func unitsOfOneKindHaveTheirOwnSerials() throws {
        let cameras = devices.filter { $0.profile == "dahua-ip-camera" }
        let realms = try cameras.map { camera -> String in
            let rtsp = try #require(camera.documentedAnswers.last { $0.protocolName == "rtsp" })
            return String(decoding: rtsp.bytes, as: UTF8.self)
        }
        #expect(Set(realms).count == cameras.count)
    }

    /// Every device's answers through the dissectors and the classifier give its truth: the
    /// covered ones are flagged, the others are not.
    @Test func answersClassifyAsTheTruth() throws {
        let classifier = BuiltInSignatures.classifier
        var misses: [String] = []
        for device in devices {
            var observations: [Observation] = []
            for answer in device.documentedAnswers {
                let source = EvidenceSource(kind: .recorded, protocolName: answer.protocolName, port: answer.port, reference: device.name)
                observations += (try? ProtocolDissector.dissect(protocol: answer.protocolName, payload: answer.bytes, source: source)) ?? []
            }
            let verdict = classifier.classify(observations).verdict
            let flagged = verdict == .covered || verdict == .likelyCovered
            if flagged != device.truth.covered { misses.append("\(device.name): \(verdict.rawValue)") }
        }
        #expect(misses.isEmpty, "\(misses)")
    }
}
