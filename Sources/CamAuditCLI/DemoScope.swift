import CamAuditFleet
import CamAuditScan

/// What the demo scans: each simulated site's /27 (where its devices live), at the scanner's
/// default rates, time-outs and ports; no ARP (loopback has no layer 2) and no multicast.
enum DemoScope {
    static func sites(_ devices: [FleetDevice]) -> [String] {
        var seen: [String] = []
        for device in devices where !seen.contains(device.site) { seen.append(device.site) }
        return seen
    }

    static func scope(for devices: [FleetDevice]) throws -> ScanScope {
        var blocks: [String] = []
        for device in devices {
            let octets = device.address.split(separator: ".")
            let block = "\(octets[0]).\(octets[1]).\(octets[2]).0/27"
            if !blocks.contains(block) { blocks.append(block) }
        }
        do {
            return try ScanScope(targets: blocks)
        } catch {
            throw RuntimeFailure(description: "demo: the scope \(blocks.joined(separator: " ")) was refused: \(error)")
        }
    }

    static var settings: ScanSettings {
        var settings = ScanSettings()
        settings.arp = false
        settings.multicast = false
        return settings
    }
}
