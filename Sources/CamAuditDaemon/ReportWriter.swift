import CamAuditMatching
import CamAuditReports
import CamAuditSignatures
import CamAuditStore
import Foundation

/// Writes the configured report formats into `reports.directory`: a dated file per run
/// (`camaudit-report-20261123T020514Z.html`) and `latest.<format>` replaced atomically, so a
/// bookmark always opens the newest.
public struct ReportWriter: Sendable {
    public var configuration: DaemonConfiguration

    public init(configuration: DaemonConfiguration) {
        self.configuration = configuration
    }

    public func write(store: any InventoryBackend, now: Date = Date()) throws -> [String] {
        let directory = configuration.reports.directory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw DaemonError("cannot create the reports directory \(directory): \(error.localizedDescription); check `reports.directory` and its permissions")
        }
        let report = try BoardReport(store: store, site: nil, policy: BuiltInSignatures.set.policy, tableVersion: BuiltInSignatures.table.version, makerNames: BoardReport.makerNames(BuiltInSignatures.set.makers), now: now,
                                     recorderInputs: BuiltInSignatures.table.recorderInputs(model:))
        let stamp = Self.stamp(now)
        var written: [String] = []
        for format in configuration.reports.formats {
            let text: String
            switch format {
            case "csv": text = TabularReportRenderer().csv(report)
            case "json": text = TabularReportRenderer().json(report)
            case "md": text = TabularReportRenderer().markdown(report)
            default: text = HTMLReportRenderer().render(report)
            }
            let dated = (directory as NSString).appendingPathComponent("camaudit-report-\(stamp).\(format)")
            let latest = (directory as NSString).appendingPathComponent("latest.\(format)")
            do {
                try text.write(toFile: dated, atomically: true, encoding: .utf8)
                try text.write(toFile: latest, atomically: true, encoding: .utf8)
            } catch {
                throw DaemonError("cannot write the report \(dated): \(error.localizedDescription); check `reports.directory` and its permissions")
            }
            written.append(dated)
        }
        return written
    }

    static func stamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}
