import ArgumentParser
import CamAuditModel
import CamAuditScan
import CamAuditStore
import Foundation

struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find and identify cameras, recorders and thermal scanners on a network you are authorised to audit (read-only probes).",
        discussion: """
        TARGETS are addresses (10.1.0.5), CIDR blocks (10.1.0.0/24; /30 and wider skip the network and broadcast addresses), ranges (10.1.0.10-20, 10.1.0.10-10.1.2.5) and IPv6 forms within one /64. Public address space is refused without --allow-public. --ipv6-link-local IFACE adds the IPv6 hosts of that interface's own segment (link-local, fe80::/64, found by multicast discovery there; with it TARGETS may be empty).

        Every host gets: unicast discovery (WS-Discovery, SADP, DHIP, Dahua 5050, SSDP), TCP connects to --ports, then what each open port speaks: HTTP/HTTPS GET of / and at most two credential-free identity paths, ONVIF PRE_AUTH calls, RTSP OPTIONS/DESCRIBE, the Hikvision 8000 banner and the Dahua 37777 realm request. Never a login, a password, a stream or a write. On directly attached subnets, ARP (libpcap, needs root or CAP_NET_RAW) finds devices that answer only at layer 2. The README lists each exchange byte for byte.

        Exit status: 0 no covered device, 1 a covered or likely-covered device was found (always; --fail-on-covered is accepted for symmetry with analyze), 2 usage error, 3 runtime failure.
        """
    )

    @Argument(help: "Addresses, CIDR blocks or ranges to scan.")
    var targets: [String] = []

    @Option(help: ArgumentHelp("Read more targets from FILE (one or more per line, # comments).", valueName: "FILE"))
    var targetsFile: String?

    @Option(help: ArgumentHelp("Leave these addresses, blocks or ranges out (repeatable, comma-separated).", valueName: "TARGETS"))
    var exclude: [String] = []

    @Flag(help: "Allow public address space (only networks you are authorised to audit).")
    var allowPublic = false

    @Option(help: ArgumentHelp("Refuse scopes with more addresses than N.", valueName: "N"))
    var maxHosts = ScanScope.defaultMaximumHosts

    @Option(help: ArgumentHelp("Packets and connection attempts per second, whole scan.", valueName: "N"))
    var rate: Double = 300

    @Option(help: ArgumentHelp("Packets and connection attempts per second to any one host.", valueName: "N"))
    var hostRate: Double = 20

    @Option(help: ArgumentHelp("ARP requests (new on-link addresses) per second.", valueName: "N"))
    var arpRate: Double = 15

    @Option(help: ArgumentHelp("ARP requests to an on-link address before it counts as absent (1 to 5).", valueName: "N"))
    var arpAttempts = 2

    @Option(help: ArgumentHelp("Connect and read time-out in milliseconds; also how long discovery answers are awaited.", valueName: "MS"))
    var timeout: Int = 1500

    @Option(help: ArgumentHelp("Hosts probed at the same time.", valueName: "N"))
    var concurrency = 64

    @Option(help: ArgumentHelp("TCP ports to probe, comma-separated (default: \(ScanSettings.defaultPorts.map(String.init).joined(separator: ","))).", valueName: "LIST"))
    var ports: String?

    @Flag(help: "Also send the discovery probes to the link-local multicast groups and the broadcast address (TTL 1; reaches every host on the segment).")
    var multicast = false

    @Option(name: .customLong("ipv6-link-local"), help: ArgumentHelp("Also find the IPv6 hosts of this interface's segment: ICMPv6 echo to ff02::1, WS-Discovery and SSDP to ff02::c (hop limit 1, twice), then probe the link-local addresses that answer.", valueName: "IFACE"))
    var ipv6LinkLocal: String?

    @Flag(help: "Do not send the unicast UDP discovery probes.")
    var noDiscovery = false

    @Flag(help: "Do not ARP (even when privileged).")
    var noArp = false

    @Option(help: ArgumentHelp("Write the hosts as one JSON array to FILE ('-' for standard output).", valueName: "FILE"))
    var json: String?

    @Option(help: ArgumentHelp("Write one JSON line per host to FILE ('-' for standard output).", valueName: "FILE"))
    var jsonl: String?

    @Flag(help: "Also list hosts that did not answer at all (JSON and table).")
    var all = false

    @Flag(help: "Exit with status 1 when a covered or likely-covered device is found (scan always does).")
    var failOnCovered = false

    @Option(help: ArgumentHelp("Write every request the scan sent to FILE, one JSON line each (an audit trail).", valueName: "FILE"))
    var logRequests: String?

    @Flag(help: "Record the results in the inventory (--db, default path otherwise) as a scan.")
    var record = false

    @OptionGroup var inventory: InventoryOptions

    func validate() throws {
        if json == "-" && jsonl == "-" { throw ValidationError("--json - and --jsonl - cannot both write to standard output") }
        for (name, value) in [("--rate", rate), ("--host-rate", hostRate), ("--arp-rate", arpRate)] where !(value.isFinite && value > 0) {
            throw ValidationError("\(name) must be a positive number per second")
        }
        if timeout < 10 || timeout > 120_000 { throw ValidationError("--timeout is in milliseconds, 10 to 120000") }
        if concurrency < 1 || concurrency > 4096 { throw ValidationError("--concurrency must be 1 to 4096") }
        if !(1...5).contains(arpAttempts) { throw ValidationError("--arp-attempts must be 1 to 5") }
        if maxHosts < 1 { throw ValidationError("--max-hosts must be at least 1") }
        _ = try parsedPorts()
    }

    func parsedPorts() throws -> [UInt16] {
        guard let ports else { return ScanSettings.defaultPorts }
        var out: [UInt16] = []
        for item in ports.split(separator: ",") {
            guard let port = UInt16(item.trimmingCharacters(in: .whitespaces)), port > 0 else {
                throw ValidationError("--ports: '\(item)' is not a port number (1-65535)")
            }
            if !out.contains(port) { out.append(port) }
        }
        if out.isEmpty { throw ValidationError("--ports needs at least one port") }
        return out
    }

    func run() async throws {
        var all = targets
        if let targetsFile {
            do {
                all += try ScanScope.targets(fromFile: targetsFile)
            } catch {
                throw RuntimeFailure(description: "scan: \(error.description)")
            }
        }
        let scope: ScanScope
        do {
            let linkLocal = try ipv6LinkLocal.map { name throws(ScopeError) in try LinkLocalSegment.resolve(name) }
            scope = try ScanScope(targets: all, exclusions: exclude, allowPublic: allowPublic, maximumHosts: maxHosts, linkLocal: linkLocal)
        } catch {
            throw ValidationError(error.description)
        }
        var settings = ScanSettings()
        settings.globalRate = rate
        settings.hostRate = hostRate
        settings.arpRate = arpRate
        settings.arpAttempts = arpAttempts
        settings.timeout = Double(timeout) / 1000
        settings.concurrency = concurrency
        settings.ports = try parsedPorts()
        settings.multicast = multicast
        settings.udpDiscovery = !noDiscovery
        settings.arp = !noArp

        Output.error("camaudit scan: \(scope.summary), \(Int(rate)) packets/s (\(Int(hostRate))/s per host, ARP \(Int(arpRate))/s), \(settings.ports.count) TCP ports\(multicast ? ", multicast on" : "")")
        let log = logRequests == nil ? nil : RequestLog()
        let display = ScanProgressDisplay(enabled: Output.stderrIsTerminal)
        let report: ScanReport
        do {
            report = try await Scanner.run(scope: scope, settings: settings, log: log, progress: display.update)
        } catch {
            display.finish()
            throw RuntimeFailure(description: "scan failed: \(error)")
        }
        display.finish()
        for notice in report.notices { Output.error("camaudit scan: \(notice)") }
        if let logRequests, let log { try ScanOutput.writeRequestLog(log, to: logRequests) }
        if record {
            try InventoryRecorder.record(ScanOutput.sightings(report), kind: .active, scope: scope.summary, settings: settings.json, options: inventory, command: "scan")
        }
        try ScanOutput(json: json, jsonl: jsonl, all: self.all).write(report)
        if report.anyCovered { throw CamAuditExit.coveredFound }
    }
}
