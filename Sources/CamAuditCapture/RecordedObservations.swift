import CamAuditModel

extension DeviceReport {
    /// What a host did as a client: the names it looked up, the servers it called, the
    /// User-Agent it sent. For a camera these are evidence (its cloud, its firmware's client);
    /// for a laptop or a pupil's Chromebook that `--all` also reports, they are its user's
    /// browsing.
    static let clientBehaviourFields: Set<String> = [
        ObservationField.dnsQuery, ObservationField.tlsServerName, ObservationField.httpRequestTarget,
        ObservationField.httpRequestHost, ObservationField.httpUserAgent,
    ]

    /// The observations the inventory keeps. A device the matcher could not place keeps its
    /// client behaviour only where a fingerprint read it (a camera cloud's name, a firmware's
    /// User-Agent): the rest of what an unidentified host looked up and called stays out of
    /// the inventory, which a district keeps for years.
    public var recordedObservations: [Observation] {
        guard classification.verdict == .unknown else { return observations }
        let read = Set(classification.identity.evidence.lazy.filter { Self.clientBehaviourFields.contains($0.field) }.map { "\($0.field)\u{0}\($0.value)" })
        return observations.filter { observation in
            !Self.clientBehaviourFields.contains(observation.field) || read.contains("\(observation.field)\u{0}\(observation.value)")
        }
    }
}
