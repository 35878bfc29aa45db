import CamAuditMatching
import CamAuditModel
import Foundation

/// `--multicast`: the discovery probes sent once more to the link-local groups and the limited
/// broadcast, on each interface whose subnet the scope reaches, twice, 250 ms apart (protocols.md
/// §11: at most 3 repeats). TTL 1, so nothing leaves the segment; answers from outside the scope
/// are dropped by UDPDiscovery.
enum MulticastDiscovery {
    static func send(udp: UDPDiscovery, gate: SendGate, interfaces: [LocalInterface], log: RequestLog?) async {
        let segments = interfaces.filter { interface in
            !interface.isLoopback && gate.scope.intervals.contains { $0.overlaps(interface.subnet) }
        }
        guard !segments.isEmpty else { return }
        var probes: [(ScanAddress, UInt16, [UInt8])] = ProbePayloads.wsDiscoveryTypes.map {
            (MulticastGroups.ssdpAndONVIF, 3702, ProbePayloads.wsDiscoveryProbe(type: $0, messageID: UUID()))
        }
        probes.append((MulticastGroups.ssdpAndONVIF, 37020, ProbePayloads.sadpInquiry(uuid: UUID())))
        probes.append((MulticastGroups.dahua, 37810, ProbePayloads.dhipSearch))
        probes.append((MulticastGroups.limitedBroadcast, 5050, ProbePayloads.dahuaLegacySearch))
        probes.append((MulticastGroups.ssdpAndONVIF, 1900, ProbePayloads.ssdpSearch(host: "239.255.255.250:1900", multicast: true)))
        let clock = gate.limiter.clock
        for round in 0..<2 {
            if round > 0 { await clock.sleep(until: clock.now() + 0.25) }
            for interface in segments {
                for (group, port, payload) in probes {
                    // Paced as one packet to the group (the global cap counts it).
                    await gate.limiter.acquire(host: group)
                    log?.append(RequestLog.Entry(address: group, port: port, transport: "udp-multicast", summary: "via \(interface.name): " + RequestLog.printable(payload)))
                    udp.sendLocalSegment(payload, group: group, port: port, interfaceAddress: interface.address)
                }
            }
        }
    }

    /// Adds answers that arrived after a host's own wait to its result and re-classifies it.
    static func merge(_ late: [ScanAddress: [UDPDiscovery.Datagram]], into results: [HostResult], classifier: DeviceClassifier) -> [HostResult] {
        results.map { result in
            guard let datagrams = late[result.address], !datagrams.isEmpty else { return result }
            var evidence = EvidenceCollector()
            for observation in result.observations { evidence.add(observation) }
            for datagram in datagrams {
                evidence.add(datagram.protocolName, datagram.bytes, port: datagram.port, reference: "scan:udp-multicast/\(datagram.port)")
            }
            var updated = result
            updated.observations = evidence.observations
            updated.discoveryAnswers = Array(Set(result.discoveryAnswers + datagrams.map(\.protocolName))).sorted()
            updated.classification = classifier.classify(evidence.observations)
            if updated.status != .error {
                updated.status = updated.classification.verdict != .unknown ? .identified : .openUnidentified
            }
            return updated
        }
    }
}
