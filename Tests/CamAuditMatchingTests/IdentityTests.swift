import CamAuditMatching
import CamAuditModel
import CamAuditSignatures
import Testing

@Suite struct IdentityTests {
    let classifier = BuiltInSignatures.classifier

    func classify(_ pairs: [(String, String)]) -> Classification {
        classifier.classify(pairs.map { Observation(field: $0.0, value: $0.1) })
    }

    @Test func oemRelabelWithMakerOUIIsCovered() {
        let result = classify([
            (ObservationField.dhipMethod, "client.notifyDevInfo"), (ObservationField.dhipVendor, "Intelbras"),
            (ObservationField.macAddress, "b4:4c:3b:01:02:03"),
        ])
        #expect(result.verdict == .covered)
        #expect(result.identity.maker == "dahua")
        #expect(result.identity.brand == "Intelbras")
    }

    @Test func protocolMatchAloneIsOnlyLikelyCovered() {
        let result = classify([(ObservationField.dhipMethod, "client.notifyDevInfo"), (ObservationField.dhipVendor, "Intelbras")])
        #expect(result.verdict == .likelyCovered)
        #expect(result.summary.contains("Sold as Intelbras"))
        #expect(result.summary.contains("attestation"))
    }

    @Test func oemOwnOUIAloneIsWeak() {
        let lorex = classify([(ObservationField.macAddress, "00:1f:54:12:34:56")])
        #expect(lorex.identity.brand == "Lorex")
        // One hint (who sold it) is not a maker: the device stays unknown, with Dahua named.
        #expect(lorex.verdict == .unknown)
        #expect(lorex.identity.maker == "dahua")
        #expect(lorex.summary.contains("Dahua"))
        #expect(lorex.identity.confidence < 0.8)
    }

    /// An EZVIZ camera whose network module carries a MAC block registered to Hangzhou
    /// Hikvision (evaluation ev5-itread01): its model numbering names the subsidiary, which
    /// the parent's OUI, though more certain, must not hide.
    @Test func aSubsidiaryNamedByIdentityEvidenceIsTheMaker() {
        let ezviz = classify([(ObservationField.macAddress, "54:c4:15:9a:38:72"), (ObservationField.deviceModel, "CS-C6TC-32WFR")])
        #expect(ezviz.identity.maker == "ezviz")
        #expect(ezviz.identity.brand == "EZVIZ")
        #expect(ezviz.verdict == .covered)
        // A platform or cloud trait shared across the family names no member: a Dahua camera
        // on Dahua's P2P cloud stays Dahua's.
        let dahua = classify([(ObservationField.macAddress, "b4:4c:3b:01:02:03"), (ObservationField.dnsQuery, "p2p.easy4ipcloud.com")])
        #expect(dahua.identity.maker == "dahua")
    }

    @Test func conflictingMakersAreReportedNotHidden() {
        let result = classify([
            (ObservationField.macAddress, "bc:ad:28:00:00:01"), (ObservationField.httpServer, "Hikvision-Webs"),
            (ObservationField.dhipMethod, "client.notifyDevInfo"),
        ])
        #expect(result.identity.maker == "hikvision")
        #expect(result.identity.conflicts.map(\.maker) == ["dahua"])
        #expect(result.identity.confidence < 0.6)
        #expect(result.verdict == .likelyCovered)
        #expect(result.summary.contains("Conflicting evidence"))
    }

    @Test func aStackMatchDoesNotPutTheMakersNameOnTheLabel() {
        let stackOnly = classify([(ObservationField.rtspRealm, "Login to 4J0186FPAG00123")])
        #expect(stackOnly.identity.maker == "dahua")
        #expect(stackOnly.identity.brand == nil)
        #expect(stackOnly.identity.serial == "4J0186FPAG00123")
        let withOUI = classify([(ObservationField.rtspRealm, "Login to 4J0186FPAG00123"), (ObservationField.macAddress, "3C-EF-8C-61-01-C0")])
        #expect(withOUI.identity.brand == "Dahua")
        #expect(withOUI.identity.mac == "3c:ef:8c:61:01:c0")
    }

    @Test func independentSignalsRaiseConfidence() {
        let one = classify([(ObservationField.httpRealm, "IP Camera(C2183)")])
        let two = classify([(ObservationField.httpRealm, "IP Camera(C2183)"), (ObservationField.rtspDate, "  Thu, May 14 2020 16:45:35 GMT")])
        #expect(two.identity.confidence > one.identity.confidence)
    }

    @Test func thermalModelsAreFlagged() {
        let result = classify([(ObservationField.onvifManufacturer, "HIKVISION"), (ObservationField.onvifModel, "DS-2TD6537T-50H4LX")])
        #expect(result.identity.deviceType == .thermal)
        #expect(result.verdict == .covered)
        #expect(result.summary.contains("Thermal"))
        let dahua = classify([(ObservationField.dhipMethod, "client.notifyDevInfo"), (ObservationField.dhipDeviceType, "TPC-BF3221-T")])
        #expect(dahua.identity.deviceType == .thermal)
    }

    @Test func subsidiaryBrandsAreCoveredThroughTheirParent() {
        let ezviz = classify([(ObservationField.macAddress, "58:8f:cf:00:00:01")])
        #expect(ezviz.identity.maker == "ezviz")
        #expect(ezviz.verdict == .covered)
        #expect(ezviz.listIDs.contains("fcc-covered-list"))
        // OFAC's list names Hikvision only: no subsidiary rule.
        #expect(!ezviz.listIDs.contains("ofac-ns-cmic"))
        let hikvision = classify([(ObservationField.macAddress, "bc:ad:28:00:00:01")])
        #expect(hikvision.listIDs.contains("ofac-ns-cmic"))
    }

    @Test func locallyAdministeredAndGroupMACsNameNoMaker() {
        #expect(classify([(ObservationField.macAddress, "be:ad:28:00:00:01")]).verdict == .unknown)
        #expect(classify([(ObservationField.macAddress, "bd:ad:28:00:00:01")]).verdict == .unknown)
    }

    @Test func otherMakersAreNotCovered() {
        let axis = classify([(ObservationField.macAddress, "00:40:8c:00:00:01")])
        #expect(axis.identity.maker == "axis")
        #expect(axis.verdict == .notCovered)
        #expect(axis.listIDs.isEmpty)
    }

    @Test func nothingRecognisedIsUnknown() {
        let result = classify([(ObservationField.httpServer, "nginx")])
        #expect(result.verdict == .unknown)
        #expect(result.verdict.coveredFlag == nil)
    }

    @Test func wordingNeverOverstates() {
        for list in BuiltInSignatures.set.policy.lists {
            let text = list.statement.lowercased()
            #expect(!text.contains("illegal"), "\(list.id)")
            #expect(!text.contains("must be removed"), "\(list.id)")
            #expect(!text.contains("banned from use"), "\(list.id)")
        }
    }

    @Test func hugeValuesAreMatchedInBoundedTime() {
        let value = String(repeating: "A", count: 4 << 20)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            _ = classify([(ObservationField.httpBody, value), (ObservationField.httpServer, value)])
        }
        #expect(elapsed < .seconds(5))
    }
}
