import CamAuditDissectors
import CamAuditMatching
import CamAuditModel
import CamAuditSignatures
import CamAuditStore
import Foundation

/// `camaudit demo --sample`: classifies the embedded sample site (recorded responses, no
/// network) through the same path as `camaudit classify`, and optionally records it.
enum DemoSampleRun {
    /// The embedded sample site, classified offline (the `--sample` demo).
    static func run(json: Bool, record: Bool, inventory: InventoryOptions) throws {
        let classifier = BuiltInSignatures.classifier
        var order: [String] = []
        var observations: [String: [Observation]] = [:]
        var lineNumber = 0
        for line in DemoSample.jsonLines.split(separator: "\n") {
            lineNumber += 1
            guard case .success(let record) = RecordedResponse.parse(Array(line.utf8), lineNumber: lineNumber) else {
                throw RuntimeFailure(description: "embedded sample line \(lineNumber) is malformed (a build problem; please report it)")
            }
            let device = record.device ?? record.id
            if observations[device] == nil { order.append(device) }
            observations[device, default: []] += (try? record.observations()) ?? []
        }
        let results = order.map { ($0, classifier.classify(observations[$0] ?? [])) }
        if record {
            let now = Date()
            let sightings = results.map { device, classification in
                DeviceSighting(key: "demo:\(device)", mac: classification.identity.mac, addresses: [], observations: observations[device] ?? [],
                               classification: classification, firstSeen: now, lastSeen: now)
            }
            try InventoryRecorder.record(sightings, kind: .recorded, scope: "embedded demo sample", settings: .object([("command", .string("demo"))]), options: inventory, command: "demo")
        }
        if json {
            for (device, classification) in results {
                Output.line(JSONValue.object([("id", .string(device))] + classification.jsonMembers()).serialized())
            }
            return
        }
        Output.line("camaudit demo --sample — embedded sample site, \(results.count) devices (recorded responses, no network traffic)")
        Output.line("")
        Output.line("\("DEVICE".padding(26)) \("VERDICT".padding(15)) \("MAKER".padding(10)) \("BRAND".padding(10)) \("MODEL".padding(24)) \("TYPE".padding(15)) CONF")
        for (device, classification) in results.sorted(by: { $0.1.verdict.severity > $1.1.verdict.severity }) {
            let identity = classification.identity
            Output.line("\(device.padding(26)) \(classification.verdict.rawValue.padding(15)) \((identity.maker ?? "-").padding(10)) \((identity.brand ?? "-").padding(10)) \((identity.model ?? "-").padding(24)) \((identity.deviceType?.rawValue ?? "-").padding(15)) \(identity.confidence)")
        }
        let covered = results.filter { $0.1.verdict == .covered }.count
        let likely = results.filter { $0.1.verdict == .likelyCovered }.count
        Output.line("")
        Output.line("\(covered) covered, \(likely) likely covered, \(results.filter { $0.1.verdict == .notCovered }.count) not covered, \(results.filter { $0.1.verdict == .unknown }.count) unknown.")
        if let first = results.first(where: { $0.1.verdict == .covered }) {
            Output.line("")
            Output.line("Why \(first.0) is covered: \(first.1.summary)")
            for finding in first.1.findings.prefix(3) {
                Output.line("  • \(finding.listID): \(finding.statement)")
            }
        }
        Output.line("")
        Output.line("Lists and citations: camaudit policy show. Machine-readable: camaudit demo --sample --json.")
    }
}
