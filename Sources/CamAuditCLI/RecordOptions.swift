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
}

extension DeviceSighting {
    /// A passively seen device as the inventory keeps it: keyed by MAC where it is the
    /// device's own, else by address; an unidentified host without its browsing.
    init(passive report: DeviceReport) {
        self.init(
            key: "passive:\(report.key)", mac: report.mac?.description, macSource: report.macSource, addresses: report.addresses.map(\.description),
            observations: report.recordedObservations, classification: report.classification,
            firstSeen: report.firstSeen, lastSeen: report.lastSeen)
    }
}
