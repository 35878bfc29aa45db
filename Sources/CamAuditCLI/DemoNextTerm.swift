import CamAuditFleet

/// The district a term later, for `demo --next-term`: what a second scan of a real district
/// shows after remediation starts. Every third covered device has been taken out (replaced or
/// removed), and one covered camera per site was re-addressed, so `inventory diff` and the
/// report's trend have gone and moved devices to show. Deterministic, like the district itself.
enum DemoNextTerm {
    /// The host number a re-addressed device moves to: free in every site, inside its /27.
    static let movedHost = 30

    static func apply(_ devices: [FleetDevice]) -> [FleetDevice] {
        var coveredSeen = 0
        var movedSites: Set<String> = []
        var later: [FleetDevice] = []
        for var device in devices {
            guard device.truth.covered else {
                later.append(device)
                continue
            }
            coveredSeen += 1
            if coveredSeen % 3 == 0 { continue }
            if !movedSites.contains(device.site) {
                movedSites.insert(device.site)
                var octets = device.address.split(separator: ".").map(String.init)
                octets[3] = String(movedHost)
                device.address = octets.joined(separator: ".")
            }
            later.append(device)
        }
        return later
    }
}
