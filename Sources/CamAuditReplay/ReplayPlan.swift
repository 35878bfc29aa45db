import CamAuditEvaluation
import CamAuditFleet
import Foundation

/// The evaluation set's devices as hosts of one simulated LAN: each device (records sharing a
/// `device` key within a file, else one record) becomes a `ReplayHost`; devices none of whose
/// records a scan can elicit are set apart as not scannable. Addresses and MACs depend only on
/// the set's order, so a rerun builds the same LAN.
public struct ReplayPlan: Sendable {
    public struct Device: Sendable {
        /// Position in the evaluation set's device order: fixes the MAC a host without one gets.
        public var index: Int
        public var records: [LabelledRecord]
        public var host: ReplayHost
        public var key: String { records[0].deviceKey }
        public var address: String { host.device.address }
        /// The records the host serves, for scoring the same evidence offline.
        public var servedRecords: [LabelledRecord] {
            let served = Set(host.placements.filter(\.placement.isServed).map(\.recordID))
            return records.filter { served.contains($0.id) }
        }
    }

    public var scannable: [Device]
    public var notScannable: [Device]

    /// The scanner sits at 10.77.0.2 (fleet-lab); hosts fill 10.77.1.0/24, 10.77.2.0/24, …
    /// inside namespaces with no route out.
    public static func address(_ position: Int) -> String {
        "10.77.\(1 + position / 250).\(1 + position % 250)"
    }

    /// The /24s the hosts occupy: what the scan is pointed at.
    public var targets: [String] {
        Array(Set(scannable.map { $0.address.split(separator: ".").prefix(3).joined(separator: ".") + ".0/24" })).sorted()
    }

    /// - Parameter only: device keys or record ids to keep (all when nil).
    public static func make(_ records: [LabelledRecord], notes: [String: String], only: Set<String>? = nil) -> ReplayPlan {
        var scannable: [Device] = []
        var notScannable: [Device] = []
        for (index, device) in AccuracyScorer.devices(records).enumerated() {
            if let only, !only.contains(device[0].deviceKey), !device.contains(where: { only.contains($0.id) }) { continue }
            let trial = host(device, index: index, address: address(scannable.count), notes: notes)
            if trial.scannable {
                scannable.append(Device(index: index, records: device, host: trial))
            } else {
                notScannable.append(Device(index: index, records: device, host: trial))
            }
        }
        return ReplayPlan(scannable: scannable, notScannable: notScannable)
    }

    public static func host(_ device: [LabelledRecord], index: Int, address: String, notes: [String: String]) -> ReplayHost {
        let first = device[0]
        let truth = DeviceTruth(maker: first.vendorTruth ?? "unknown", brand: first.brand ?? "", model: first.model,
                                deviceType: first.deviceType ?? "unknown", covered: first.covered ?? false)
        let records = device.map {
            ReplayRecord(id: $0.id, protocolName: $0.response.protocolName, port: $0.response.port, bytes: $0.response.payload,
                         note: notes[ReplayNotes.key(file: $0.file, id: $0.id)] ?? "")
        }
        return ReplayHost.build(name: String(format: "r%03d", index), address: address, index: index, truth: truth, records: records)
    }

    /// Every record's placement, one line each, for the report and for review.
    public func placementLines() -> [String] {
        (scannable + notScannable).sorted { $0.index < $1.index }.flatMap { device in
            device.host.placements.map { "\(device.key)\t\($0.recordID)\t\($0.protocolName)\t\($0.placement.description)" }
        }
    }
}

/// The records' provenance notes, which say which request an answer came from. The evaluation
/// reader keeps no notes, so they are read from the same files here.
public enum ReplayNotes {
    static func key(file: String, id: String) -> String { "\(file)#\(id)" }

    public static func load(directory: String) throws -> [String: String] {
        var notes: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".jsonl") {
            let data = try Data(contentsOf: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(name)))
            for line in data.split(separator: 0x0A) {
                guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any],
                      let id = object["id"] as? String else { continue }
                notes[key(file: name, id: id)] = object["note"] as? String ?? ""
            }
        }
        return notes
    }
}
