import CamAuditModel
import CamAuditStore

extension BoardReport {
    /// A recorder in the inventory whose model number says how many cameras it can hide.
    public struct Recorder: Sendable, Equatable {
        public var row: InventoryRow
        public var inputs: RecorderInputs
        /// What this recorder adds to its site's "up to N".
        public var hidden: Int
    }

    /// Per site, the cameras that may sit on recorders' own ports (issue 16): the board asks
    /// "how many do we have", and these never answer a scan.
    public struct RecorderSite: Sendable, Equatable {
        public var site: String
        public var upTo: Int
        public var recorders: [Recorder]

        public var sentence: String {
            "up to \(upTo) further camera\(upTo == 1 ? "" : "s") may be connected to recorders' own ports and \(upTo == 1 ? "is" : "are") not visible on the network"
        }
    }

    /// Recorders (NVR and DVR rows with a model the table reads), grouped by site; recorders the
    /// district marked replaced or removed no longer count.
    static func recorderSites(_ rows: [InventoryRow], _ decode: (String) -> RecorderInputs?) -> [RecorderSite] {
        var bySite: [String: [Recorder]] = [:]
        for row in rows where ["nvr", "dvr"].contains(row.deviceType ?? "") && !["replaced", "removed"].contains(row.remediation ?? "") {
            guard let model = row.model, let inputs = decode(model) else { continue }
            bySite[row.site ?? "(no site)", default: []].append(Recorder(row: row, inputs: inputs, hidden: inputs.hiddenCameras(deviceType: row.deviceType)))
        }
        return bySite.map { site, recorders in
            RecorderSite(site: site, upTo: recorders.map(\.hidden).reduce(0, +), recorders: recorders.sorted { ($0.hidden, $1.row.deviceID) > ($1.hidden, $0.row.deviceID) })
        }.sorted { ($0.upTo, $1.site) > ($1.upTo, $0.site) }
    }
}
