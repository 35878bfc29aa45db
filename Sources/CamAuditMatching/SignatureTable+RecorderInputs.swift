import CamAuditModel

extension SignatureTable {
    /// A recorder's channels and PoE ports from its model number, by the `recorder.model`
    /// rules of the table (data with examples, Signatures/model/recorder_inputs.xml); nil for
    /// a model no rule reads.
    public func recorderInputs(model: String) -> RecorderInputs? {
        guard let (_, attributes) = firstMatch(field: ObservationField.recorderModel, value: model) else { return nil }
        let inputs = RecorderInputs(
            channels: attributes[AttributeName.channels].flatMap { Int($0) },
            poePorts: attributes[AttributeName.poePorts].flatMap { Int($0) })
        return inputs.channels == nil && inputs.poePorts == nil ? nil : inputs
    }
}
