import ArgumentParser
import CamAuditCapture
import CamAuditModel
import CamAuditStore
import Foundation

/// `--record` with `--db` and `--site`: what analyze, listen and classify offer to put their
/// devices into the inventory as one scan.
struct RecordOptions: ParsableArguments {
    @Flag(help: "Record the devices in the inventory as one scan (see --db and --site).")
    var record = false

    @OptionGroup var inventory: InventoryOptions

    /// Records passively seen devices, keyed by MAC where it is the device's own (else by address). Only the devices
    /// with a known maker are stored unless `all` is set, so a day of traffic does not fill the
    /// inventory with every laptop on the network.
    func recordPassive(_ reports: [DeviceReport], all: Bool, kind: EvidenceSource.Kind, scope: String, settings: JSONValue) throws -> Int64? {
        guard record else { return nil }
        let kept = reports.filter { all || $0.classification.verdict != .unknown }
        let sightings = kept.map { report in
            DeviceSighting(
                key: "passive:\(report.key)", mac: report.mac?.description, macSource: report.macSource, addresses: report.addresses.map(\.description),
                observations: report.observations, classification: report.classification,
                firstSeen: report.firstSeen, lastSeen: report.lastSeen)
        }
        return try InventoryRecorder.record(sightings, kind: kind, scope: scope, settings: settings, options: inventory)
    }
}
