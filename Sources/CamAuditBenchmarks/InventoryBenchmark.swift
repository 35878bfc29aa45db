import CamAuditModel
import CamAuditReports
import CamAuditSignatures
import CamAuditStore
import Foundation

/// Inventory at district scale: 50,000 devices with 2 million observations. Write rate,
/// reclassify time, report time and database size.
public enum InventoryBenchmark {
    /// Realistic evidence: every fifth device a Hikvision unit, every fifth a Dahua one, the
    /// rest nginx, an HP printer and a Windows client.
    static let evidenceTemplates: [[(String, String)]] = [
        [(ObservationField.httpServer, "Hikvision-Webs"), (ObservationField.httpRealm, "IP Camera(C2183)")],
        [(ObservationField.rtspRealm, "Login to 4J0186FPAG00123"), (ObservationField.dhipMethod, "client.notifyDevInfo")],
        [(ObservationField.httpServer, "nginx/1.24.0"), (ObservationField.httpTitle, "Welcome to nginx!")],
        [(ObservationField.snmpSysDescr, "HP ETHERNET MULTI-ENVIRONMENT"), (ObservationField.httpServer, "HP HTTP Server")],
        [(ObservationField.dnsQuery, "www.google.com"), (ObservationField.dhcpVendorClass, "MSFT 5.0")],
    ]

    public static func run(path: String, devices: Int = 50_000, observationsPerDevice: Int = 40) throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let store = try InventoryStore(path: path)
        let classifier = BuiltInSignatures.classifier
        let set = BuiltInSignatures.set
        let templates = evidenceTemplates
        let scan = try store.beginScan(ScanDescription(kind: .passive, scope: "benchmark", site: "District", settings: .object([]), tableVersion: BuiltInSignatures.table.version, policyVersion: set.policy.version))
        let start = MatcherBenchmark.now()
        var batch: [DeviceSighting] = []
        let now = Date()
        for index in 0..<devices {
            let template = templates[index % templates.count]
            var observations: [Observation] = []
            observations.reserveCapacity(observationsPerDevice)
            for n in 0..<observationsPerDevice {
                let (field, value) = template[n % template.count]
                observations.append(Observation(field: field, value: value, source: EvidenceSource(kind: .passive, protocolName: "bench", port: 80, reference: "bench#\(n)", time: now)))
            }
            let mac = String(format: "02:77:%02x:%02x:%02x:%02x", (index >> 24) & 0xFF, (index >> 16) & 0xFF, (index >> 8) & 0xFF, index & 0xFF)
            let address = "10.77.\((index >> 8) & 0xFF).\(index & 0xFF)"
            batch.append(DeviceSighting(key: mac, mac: mac, addresses: [address], observations: observations,
                                        classification: classifier.classify(Array(observations.prefix(4))), firstSeen: now, lastSeen: now))
            if batch.count == 1_000 {
                try store.record(batch, scan: scan)
                batch.removeAll(keepingCapacity: true)
            }
        }
        try store.record(batch, scan: scan)
        try store.finishScan(scan)
        let writeTime = MatcherBenchmark.now() - start
        let total = devices * observationsPerDevice
        print(String(format: "write: %d devices, %d observations in %.1f s (%.0f observations/s)", devices, total, writeTime, Double(total) / writeTime))

        let reclassifyStart = MatcherBenchmark.now()
        let changes = try store.reclassify(tableVersion: "bench-2", policyVersion: set.policy.version) { classifier.classify($0) }
        print(String(format: "reclassify: %.1f s (%d verdict changes)", MatcherBenchmark.now() - reclassifyStart, changes.count))

        let reportStart = MatcherBenchmark.now()
        let report = try BoardReport(store: store, site: nil, policy: set.policy, tableVersion: BuiltInSignatures.table.version)
        let html = HTMLReportRenderer().render(report)
        let csv = TabularReportRenderer().csv(report)
        print(String(format: "report: %.1f s (HTML %.1f MB, CSV %.1f MB, %d rows)", MatcherBenchmark.now() - reportStart, Double(html.utf8.count) / 1e6, Double(csv.utf8.count) / 1e6, report.rows.count))

        let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
            + ((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0)
        print(String(format: "database: %.0f MB (%@)", Double(size) / 1e6, path))
    }
}
