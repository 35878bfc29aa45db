import CamAuditMatching
import CamAuditModel
import CamAuditSignatures
import Testing

/// A recorder's channels and PoE ports come from its model number through the table's
/// `recorder.model` rules (the build checks each rule's examples; these check what the report
/// asks of them).
@Suite struct RecorderInputsTests {
    let table = BuiltInSignatures.table

    @Test func nvrModelNumbersGiveChannelsAndPoEPorts() {
        #expect(table.recorderInputs(model: "DS-7616NI-Q2/16P") == RecorderInputs(channels: 16, poePorts: 16))
        #expect(table.recorderInputs(model: "DS-7608NXI-I0/0P/S") == RecorderInputs(channels: 8, poePorts: 0))
        #expect(table.recorderInputs(model: "DS-7616NI-Q2") == RecorderInputs(channels: 16, poePorts: nil))
        #expect(table.recorderInputs(model: "NVR4108HS-8P-4KS2") == RecorderInputs(channels: 8, poePorts: 8))
    }

    @Test func dvrModelNumbersGiveChannels() {
        #expect(table.recorderInputs(model: "iDS-7204HUHI-M1/E") == RecorderInputs(channels: 4, poePorts: nil))
        #expect(table.recorderInputs(model: "XVR5108HS") == RecorderInputs(channels: 8, poePorts: nil))
        #expect(table.recorderInputs(model: "MHDX 1016") == RecorderInputs(channels: 16, poePorts: nil))
    }

    @Test func camerasAndOtherMakersRecordersAreNotRead() {
        for model in ["DS-2CD2443G0-IW", "IPC-HDW5421S", "NVR308-64R", "UniFi NVR", "DS-2TD6537T-50H4LX", ""] {
            #expect(table.recorderInputs(model: model) == nil, "\(model)")
        }
    }

    @Test func anNVRHidesItsPoEPortsADVRItsChannels() {
        let nvr = RecorderInputs(channels: 16, poePorts: 8)
        #expect(nvr.hiddenCameras(deviceType: "nvr") == 8)
        #expect(nvr.hiddenCameras(deviceType: "dvr") == 16)
        #expect(RecorderInputs(channels: 16, poePorts: nil).hiddenCameras(deviceType: "nvr") == 0)
    }

    @Test func recorderRulesNameNoMaker() {
        // The report reads them; the classifier never sees the field, and they must not weigh on a verdict.
        for model in ["DS-7616NI-Q2/16P", "NVR4108HS-8P-4KS2", "XVR5108HS"] {
            let (_, attributes) = table.firstMatch(field: ObservationField.recorderModel, value: model)!
            #expect(attributes[AttributeName.maker] == nil)
        }
    }
}
