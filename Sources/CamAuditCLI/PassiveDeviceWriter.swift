import CamAuditCapture
import CamAuditModel
import CamAuditStore
import Foundation

/// Writes what `analyze` and `listen` found: the table, `--json`/`--jsonl` and, with
/// `--record`, the inventory scan, all from one pass over the analyser's devices made a batch
/// at a time (`PassiveAnalyzer.finishEach`), so that no output holds every device's report.
/// Only devices with a known maker are recorded unless `--all` is given, so a day of traffic
/// does not fill the inventory with every laptop on the network.
struct PassiveDeviceWriter {
    struct Recording {
        var options: InventoryOptions
        var scope: String
        var settings: JSONValue
    }

    let command: String
    let output: DeviceReportOutput
    let recording: Recording?

    /// Writes everything; `header` gets the number of devices and of those shown. Returns true
    /// when a device is covered or likely covered.
    func write(_ analyzer: PassiveAnalyzer, header: (_ devices: Int, _ shown: Int) -> String, notes: [String] = []) throws -> Bool {
        var streamed = StreamedDeviceOutput(output: output)
        let recorder = try recording.map { try InventoryRecordingStream(kind: .passive, scope: $0.scope, settings: $0.settings, options: $0.options) }
        let records = recorder != nil
        var anyCovered = false
        // The scan keeps the devices the table shows (with a known maker, or all with --all).
        try analyzer.finishEach(prepare: { [output] report in
            let prepared = StreamedDeviceOutput.prepare(report, for: output)
            return (prepared, records && prepared.shown ? DeviceSighting(passive: report) : nil)
        }) { prepared, sighting in
            if prepared.verdict.coveredFlag == true { anyCovered = true }
            try streamed.add(prepared)
            if let sighting { recorder?.add(sighting) }
        }
        recorder?.finish()
        // The table and JSON are written whatever happened to the inventory.
        try streamed.finish(header: header(streamed.devices, streamed.shown), counters: analyzer.counters, notes: notes)
        if let recorder, let recording {
            try recorder.throwIfFailed(command: command, outputComplete: true)
            if let lost = recorder.lost {
                try recordLocally(analyzer, recording, lostServer: lost, serverScan: recorder.scan)
            } else {
                recorder.summary(command: command, serverPath: recording.options.path).forEach(Output.error)
            }
        }
        return anyCovered
    }

    /// The devices again, into this machine's inventory: the server went away part way, so its
    /// copy of the scan is incomplete (it shows as interrupted).
    private func recordLocally(_ analyzer: PassiveAnalyzer, _ recording: Recording, lostServer reason: String, serverScan: Int64) throws {
        let local = try InventoryRecordingStream.local(kind: .passive, scope: recording.scope, settings: recording.settings, options: recording.options)
        analyzer.finishEach(prepare: { [output] report in output.shows(report) ? DeviceSighting(passive: report) : nil }) { sighting in
            if let sighting { local.add(sighting) }
        }
        local.finish()
        try local.reportServerLoss(command: command, serverScan: serverScan, reason: reason, serverPath: recording.options.path)
    }
}
