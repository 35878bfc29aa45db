import CamAuditDaemon
import CamAuditScan

/// Scans one configured site with `camaudit scan`'s engine: the site's networks minus its own
/// and the global exclusions, at the configured rates, recorded with the same sightings.
struct ConfiguredSiteScanner: SiteScanner {
    func scan(_ site: DaemonConfiguration.Site, configuration: DaemonConfiguration) async throws -> SiteScanResult {
        let scope: ScanScope
        do {
            scope = try ScanScope(targets: site.networks.map(\.description), exclusions: (site.exclude + configuration.exclude).map(\.description))
        } catch {
            throw DaemonError("site '\(site.name)': \(error.description); fix its networks or exclude entries")
        }
        var settings = ScanSettings()
        settings.globalRate = Double(configuration.rates.probesPerSecond)
        settings.hostRate = Double(configuration.rates.perHostPerSecond)
        settings.timeout = configuration.rates.timeoutSeconds
        // Loopback (a test or the simulated fleet) has no layer 2 to sweep.
        let loopback = IPv4Network("127.0.0.0/8")!
        if site.networks.allSatisfy({ loopback.contains($0.address) }) { settings.arp = false }
        let report = try await Scanner.run(scope: scope, settings: settings)
        var hosts: [String: Int] = [:]
        for host in report.hosts { hosts[host.status.rawValue, default: 0] += 1 }
        return SiteScanResult(sightings: ScanOutput.sightings(report), hostsByStatus: hosts, probesSent: report.sent, scope: scope.summary, settings: settings.json)
    }
}
