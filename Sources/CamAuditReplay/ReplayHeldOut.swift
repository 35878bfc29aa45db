import CamAuditEvaluation
import CamAuditMatching
import CamAuditModel
import CamAuditStore

/// Leave-one-source-out for the commands: the binary classifies with every fingerprint, so each
/// device's observations, as the command stored them in its inventory (`--record --all`), are
/// classified again with the table its source is held out of. The observations are the
/// command's own; only the table differs. (The scanner also chose its HTTP follow-up paths
/// with every fingerprint; that choice is not replayed.)
enum ReplayHeldOut {
    static func findings(inventory path: String, plan: ReplayPlan, classifierFor: (String) -> DeviceClassifier) throws -> [String: ReplayFinding] {
        var byMAC: [String: ReplayPlan.Device] = [:]
        for device in plan.scannable { byMAC[device.host.device.mac.lowercased()] = device }
        let store = try InventoryStore(path: path)
        var found: [String: ReplayFinding] = [:]
        // Each stored device is known by the MAC among its observations (ARP, or the frames').
        _ = try store.reclassify(tableVersion: "leave-one-source-out", policyVersion: "replay") { observations in
            let device = observations.lazy.compactMap { byMAC[$0.value.lowercased()] }.first
            let classifier = classifierFor(device?.records[0].sourceKey ?? "")
            let classification = classifier.classify(observations)
            if let device, found[device.address]?.covered != true {
                found[device.address] = ReplayFinding(
                    verdict: classification.verdict.rawValue, covered: classification.verdict.coveredFlag,
                    maker: classification.identity.maker, summary: classification.summary)
            }
            return classification
        }
        return found
    }
}
