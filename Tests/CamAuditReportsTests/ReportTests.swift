import CamAuditModel
import CamAuditReports
import CamAuditSignatures
import CamAuditStore
import Foundation
import Testing

@Suite struct ReportTests {
    /// No spaces, so the name-scope fingerprint captures all of it as the model.
    static let hostile = #"<script>document.title='pwned'</script><img/src=x/onerror=alert(1)>|*_[x](y)"#

    /// An inventory with a covered camera whose banner strings are hostile, a thermal scanner,
    /// and a not-covered camera at another site.
    static func store() throws -> InventoryStore {
        let store = try InventoryStore()
        let classifier = BuiltInSignatures.classifier
        func add(_ site: String, _ sightings: [(String, String?, String, [(String, String)])]) throws {
            let scan = try store.beginScan(ScanDescription(kind: .active, scope: "10.77.0.0/24", site: site, settings: .object([]), tableVersion: "t", policyVersion: "p"))
            try store.record(sightings.map { key, mac, address, pairs in
                let observations = pairs.map { Observation(field: $0.0, value: $0.1) }
                return DeviceSighting(key: key, mac: mac, addresses: [address], observations: observations,
                                      classification: classifier.classify(observations), firstSeen: Date(), lastSeen: Date())
            }, scan: scan)
            try store.finishScan(scan)
        }
        try add("Lincoln High", [
            ("a", "bc:ad:28:00:00:01", "10.77.0.10", [(ObservationField.httpServer, "Hikvision-Webs"), (ObservationField.onvifScopeName, "HIKVISION " + hostile)]),
            ("b", "bc:ad:28:00:00:02", "10.77.0.11", [(ObservationField.onvifManufacturer, "HIKVISION"), (ObservationField.onvifModel, "DS-2TD6537T-50H4LX")]),
        ])
        try add("Jefferson Elementary <b>", [("c", "00:40:8c:00:00:03", "10.77.1.10", [(ObservationField.macAddress, "00:40:8c:00:00:03")])])
        return store
    }

    static func report() throws -> BoardReport {
        try BoardReport(store: store(), site: nil, policy: BuiltInSignatures.set.policy, tableVersion: "t")
    }

    @Test func headlineCountsFlaggedDevicesBySiteAndKind() throws {
        let report = try Self.report()
        #expect(report.headline.hasPrefix("2 devices made by companies named on federal ban lists were found at 1 site"))
        #expect(report.headline.contains("1 thermal / fever-screening scanners"))
        #expect(report.sites.first?.site == "Lincoln High")
    }

    @Test func htmlEscapesEveryDeviceString() throws {
        let html = HTMLReportRenderer().render(try Self.report())
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"))
        #expect(html.contains("Jefferson Elementary &lt;b&gt;"))
        #expect(html.contains("2 CFR 200.216"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("http://") || !html.contains("src=\"http"))
    }

    @Test func csvNeutralisesFormulasAndQuotes() throws {
        let csv = TabularReportRenderer().csv(try Self.report())
        let header = try #require(csv.split(separator: "\r\n").first)
        #expect(header == Substring(TabularReportRenderer.columns.joined(separator: ",")))
        #expect(Escaping.csv("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(Escaping.csv("-1+2") == "\"'-1+2\"")
        #expect(Escaping.csv("@SUM(A1)") == "\"'@SUM(A1)\"")
        #expect(Escaping.csv("plain") == "\"plain\"")
    }

    @Test func markdownAndJSONStayInert() throws {
        let report = try Self.report()
        let markdown = TabularReportRenderer().markdown(report)
        #expect(!markdown.contains("<script>"))
        #expect(markdown.contains("\\<script\\>"))
        let json = TabularReportRenderer().json(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let devices = try #require(object["devices"] as? [[String: Any]])
        #expect(devices.count == 3)
        #expect(Set(devices[0].keys) == Set(TabularReportRenderer.columns))
    }

    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Renders the report in a real browser: the headline and rows are there, and nothing that
    /// came from a device ran (the hostile title script would have changed document.title).
    @Test(.enabled(if: chromium != nil, "needs Debian's chromium package (installed by .ci/run)"))
    func chromiumShowsTheReportAndRunsNoInjectedScript() throws {
        let html = HTMLReportRenderer().render(try Self.report())
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-report-\(UUID().uuidString).html")
        try html.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.chromium))
        process.arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--dump-dom", file.absoluteString]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let dom = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(dom.contains("id=\"headline\""))
        #expect(dom.contains("DS-2TD6537T-50H4LX"))
        #expect(dom.contains("<title>Surveillance equipment audit — camaudit</title>"))
        #expect(!dom.contains("pwned</title>"))
        #expect(!dom.contains("<script>document.title"))
    }
}
