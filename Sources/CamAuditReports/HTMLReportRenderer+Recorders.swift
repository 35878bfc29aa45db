import CamAuditModel

extension HTMLReportRenderer {
    /// "Cameras the network does not show": per site, the sentence and the recorders behind it.
    func recorders(_ sites: [BoardReport.RecorderSite]) -> String {
        guard !sites.isEmpty else { return "" }
        let e = Escaping.html
        var html = "<h2>Cameras the network does not show</h2>\n<p>Cameras on a recorder's own PoE ports sit on the recorder's private network, and cameras on an analog or HD-over-coax recorder are not network devices at all: no scan reaches them. The recorders' model numbers say how many there can be.</p>\n"
        for site in sites {
            html += "<p class=\"hidden-cameras\"><strong>\(e(site.site))</strong>: \(e(site.sentence)).</p>\n"
        }
        html += "<table id=\"recorders\"><tr><th>Site</th><th>Address</th><th>Maker</th><th>Model</th><th>Type</th><th>Channels</th><th>PoE ports</th><th>May hide</th><th>Verdict</th></tr>\n"
        for site in sites {
            for recorder in site.recorders {
                let row = recorder.row
                html += "<tr><td>\(e(site.site))</td><td>\(e(row.addresses.first ?? row.mac ?? ""))</td><td>\(e(row.maker ?? "—"))</td><td>\(e(row.model ?? "—"))</td><td>\(e(row.deviceType ?? "—"))</td>"
                html += "<td>\(recorder.inputs.channels.map(String.init) ?? "—")</td><td>\(recorder.inputs.poePorts.map(String.init) ?? "—")</td><td>\(recorder.hidden)</td><td class=\"\(e(row.verdict))\">\(e(row.verdict))</td></tr>\n"
            }
        }
        return html + "</table>\n"
    }
}
