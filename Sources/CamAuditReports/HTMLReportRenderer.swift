import CamAuditModel
import CamAuditStore
import Foundation

/// One self-contained HTML file for a school board: no scripts, no external assets, inline SVG
/// chart, print styles so "Save as PDF" from a browser gives a clean document. Every value from
/// a device goes through `Escaping.html`.
public struct HTMLReportRenderer {
    public init() {}

    public func render(_ report: BoardReport) -> String {
        let e = Escaping.html
        var html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <title>Surveillance equipment audit — camaudit</title>
        <style>
        body{font-family:Georgia,'DejaVu Serif',serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45}
        h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:1px solid #999;margin-top:2rem}
        .headline{font-size:1.25rem;background:#fff4e5;border-left:.4rem solid #c0392b;padding:.8rem 1rem}
        table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.6rem 0}th,td{border:1px solid #bbb;padding:.3rem .45rem;text-align:left;vertical-align:top}
        th{background:#eee}.covered{color:#a61b0f;font-weight:bold}.likely-covered{color:#b9570b;font-weight:bold}.not-covered{color:#2d6a2d}.unknown{color:#555}
        .small{font-size:.82rem;color:#444}.law{font-size:1.1rem;background:#eef3fb;border-left:.4rem solid #1f4e8c;padding:.6rem 1rem}
        .prohibited{color:#a61b0f;font-weight:bold}.restricted{color:#b9570b;font-weight:bold}.needs-facts{color:#1f4e8c;font-weight:bold}.not-reached{color:#2d6a2d}footer{margin-top:2rem;font-size:.8rem;color:#555}
        @media print{body{margin:0;max-width:none}h2{page-break-after:avoid}tr{page-break-inside:avoid}.headline{border-left-color:#000}}
        </style></head><body>
        <h1>Surveillance equipment audit</h1>
        <p class="small">Generated \(e(Timestamp.iso8601(report.generatedAt))) by camaudit · policy \(e(report.policy.version)) (facts reviewed \(e(report.policy.reviewed))) · signature table \(e(report.tableVersion))</p>
        <p class="headline" id="headline">\(e(report.headline))</p>
        <p>These findings state who made each device. Whether a rule applies also depends on facts a network scan cannot see —
        purchase date, funding source (federal grants, E-Rate), contracts and state — which the district enters
        (appendix); each rule's outcome for each device follows from them.
        This is a compliance flag for counsel and the board, not legal advice.</p>

        """
        html += lawSection(report)
        html += "<h2>By school or site</h2>\n" + chart(report.sites)
        html += "<table id=\"sites\"><tr><th>Site</th><th>Devices</th><th>Covered</th><th>Likely covered</th><th>Not covered</th><th>Unknown</th></tr>\n"
        for site in report.sites {
            html += "<tr><td>\(e(site.site))</td><td>\(site.devices)</td><td>\(site.covered)</td><td>\(site.likelyCovered)</td><td>\(site.notCovered)</td><td>\(site.unknown)</td></tr>\n"
        }
        html += "</table>\n"
        html += recorders(report.recorderSites)
        html += "<h2>Since the previous scan</h2>\n"
        if report.changes.isEmpty {
            html += "<p>Each site has been scanned once so far: the trend appears after the next scan.</p>\n"
        } else {
            html += "<table id=\"trend\"><tr><th>Site</th><th>Scans compared</th><th>New</th><th>of which flagged</th><th>Gone</th><th>Moved</th><th>Re-classified</th></tr>\n"
            for (site, diff) in report.changes {
                let flagged = diff.new.filter { $0.verdict == "covered" || $0.verdict == "likely-covered" }.count
                html += "<tr><td>\(e(site ?? "(no site)"))</td><td>\(diff.fromScan) → \(diff.toScan)</td><td>\(diff.new.count)</td><td>\(flagged)</td><td>\(diff.gone.count)</td><td>\(diff.moved.count)</td><td>\(diff.reclassified.count)</td></tr>\n"
            }
            html += "</table>\n"
        }
        html += "<h2>Remediation</h2>\n<table id=\"remediation\"><tr><th>Decision</th><th>Flagged devices</th></tr>\n"
        for (status, count) in report.remediationCounts {
            html += "<tr><td>\(e(status))</td><td>\(count)</td></tr>\n"
        }
        html += "</table>\n<h2>Devices</h2>\n<table id=\"devices\"><tr><th>Site</th><th>Address</th><th>Maker</th><th>Brand</th><th>Model</th><th>Type</th><th>Verdict</th><th>Rules, on the facts entered</th><th>Evidence in short</th><th>Decision</th></tr>\n"
        for row in report.rows {
            let address = row.addresses.first ?? row.mac ?? ""
            html += "<tr><td>\(e(row.site ?? ""))</td><td>\(e(address))</td><td>\(e(row.maker ?? "—"))</td><td>\(e(row.brand ?? "—"))</td><td>\(e(row.model ?? "—"))</td><td>\(e(row.deviceType ?? "—"))</td>"
            html += "<td class=\"\(e(row.verdict))\">\(e(row.verdict))</td><td class=\"small\">\(determinationCell(report.determinations[row.deviceID] ?? []))</td><td class=\"small\">\(e(Self.evidenceInShort(row.summary)))</td><td>\(e(row.remediation ?? ""))\(row.remediationNote.map { $0.isEmpty ? "" : " — " + e($0) } ?? "")</td></tr>\n"
        }
        html += "</table>\n" + determinationsByDevice(report) + "<h2>Appendix: the lists</h2>\n<table id=\"lists\"><tr><th>List</th><th>Authority</th><th>Citation</th><th>Date</th><th>What it restricts and whom it binds</th></tr>\n"
        for list in report.policy.lists {
            html += "<tr><td>\(e(list.name)) <span class=\"small\">(\(e(list.id)))</span></td><td>\(e(list.authority))</td><td>\(e(list.citation))</td><td>\(e(list.date))</td><td>\(e(list.restricts)) <span class=\"small\">Binds: \(e(list.binds))</span></td></tr>\n"
        }
        html += "</table>\n" + factsAppendix(report) + "<h2>Appendix: scans</h2>\n<table id=\"scans\"><tr><th>Scan</th><th>Started</th><th>Kind</th><th>Scope</th><th>Status</th><th>Devices</th></tr>\n"
        for scan in report.scans {
            html += "<tr><td>\(scan.id)</td><td>\(e(Timestamp.iso8601(scan.startedAt)))</td><td>\(e(scan.kind))</td><td>\(e(scan.scope))</td><td>\(e(scan.status))</td><td>\(scan.devices)</td></tr>\n"
        }
        html += "</table>\n<footer>camaudit never logs in to a device, never fetches video and never writes to a device. Sources of the legal facts: \(e(report.policy.source)).</footer>\n</body></html>\n"
        return html
    }

    /// The evidence part of a conclusion's summary; the maker-level facts are in the headline
    /// and the appendix already.
    static func evidenceInShort(_ summary: String) -> String {
        guard let range = summary.range(of: "Evidence: ") else { return summary }
        let evidence = summary[range.upperBound...]
        let prefix = summary.hasPrefix("Made by") ? "" : String(summary[..<range.lowerBound]) + " "
        return prefix + evidence
    }

    /// Horizontal stacked bars per site: covered, likely covered, not covered, unknown.
    func chart(_ sites: [BoardReport.SiteSummary]) -> String {
        guard !sites.isEmpty else { return "" }
        let width = 640.0, barHeight = 22.0, labelWidth = 180.0
        let maximum = Double(max(1, sites.map(\.devices).max() ?? 1))
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Devices by verdict and site\" width=\"\(Int(width))\" height=\"\(Int(Double(sites.count) * (barHeight + 8) + 30))\">\n"
        let colors = [("covered", "#a61b0f"), ("likely covered", "#e67e22"), ("not covered", "#5b9a5b"), ("unknown", "#aaaaaa")]
        for (index, site) in sites.enumerated() {
            let y = Double(index) * (barHeight + 8)
            svg += "<text x=\"0\" y=\"\(y + 15)\" font-size=\"12\">\(Escaping.html(String(site.site.prefix(28))))</text>\n"
            var x = labelWidth
            for (count, color) in zip([site.covered, site.likelyCovered, site.notCovered, site.unknown], colors.map(\.1)) where count > 0 {
                let w = (width - labelWidth - 10) * Double(count) / maximum
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"\(barHeight)\" fill=\"\(color)\"><title>\(count)</title></rect>\n"
                x += w
            }
        }
        let legendY = Double(sites.count) * (barHeight + 8) + 15
        for (index, (label, color)) in colors.enumerated() {
            let x = labelWidth + Double(index) * 110
            svg += "<rect x=\"\(x)\" y=\"\(legendY - 10)\" width=\"10\" height=\"10\" fill=\"\(color)\"/><text x=\"\(x + 14)\" y=\"\(legendY)\" font-size=\"11\">\(label)</text>\n"
        }
        return svg + "</svg>\n"
    }
}
