import Foundation

/// Everything `/etc/camaudit/camaudit.yaml` says, validated. Defaults are the safe ones: no
/// interface listened on, no internal schedule, metrics on 127.0.0.1 only.
public struct DaemonConfiguration: Sendable, Equatable {
    public struct Site: Sendable, Equatable {
        public var name: String
        public var building: String?
        public var networks: [IPv4Network]
        public var exclude: [IPv4Network]
    }

    public struct Rates: Sendable, Equatable {
        /// Probes per second for the whole scan.
        public var probesPerSecond = 100
        /// Probes per second to any one host, so a fragile recorder is never flooded.
        public var perHostPerSecond = 5
        /// How long to wait for one answer.
        public var timeoutSeconds = 3.0
    }

    public struct Listen: Sendable, Equatable {
        public var interfaces: [String] = []
        public var promiscuous = false
        /// A BPF filter replacing the default one (`camaudit listen --help` describes it).
        public var filter: String?
        /// How often passive evidence is written to the inventory.
        public var recordIntervalSeconds = 60.0
        /// The kernel's packet buffer per interface: room for bursts while the analyser catches
        /// up, and resident memory for as long as the daemon runs.
        public var bufferBytes = 8 << 20
    }

    public struct Schedule: Sendable, Equatable {
        /// Seconds between internal scans; nil leaves scanning to camaudit-scan.timer.
        public var scanIntervalSeconds: Double?
        public var scanOnStart = false
    }

    public struct Reports: Sendable, Equatable {
        public var directory = "/var/lib/camaudit/reports"
        public var formats = ["html", "csv"]
    }

    public struct Metrics: Sendable, Equatable {
        public var enabled = true
        public var address = "127.0.0.1"
        public var port = 9464
    }

    /// A SQLite file, or the district's PostgreSQL (`postgres://…`).
    public var inventory = "/var/lib/camaudit/inventory.sqlite"
    /// The PostgreSQL role's password, read from this file (never from the configuration).
    public var passwordFile: String?
    /// Where an agent keeps scans while the district's PostgreSQL is out of reach.
    public var localInventory = "/var/lib/camaudit/inventory.sqlite"
    public var sites: [Site] = []
    public var exclude: [IPv4Network] = []
    public var rates = Rates()
    public var listen = Listen()
    public var schedule = Schedule()
    public var reports = Reports()
    public var metrics = Metrics()

    public init() {}

    public static let defaultPath = "/etc/camaudit/camaudit.yaml"
    public static let reportFormats = ["html", "csv", "json", "md"]

    /// The site a passively seen address belongs to: the most specific network that holds it.
    public func site(containing address: UInt32) -> Site? {
        var best: (site: Site, prefix: Int)?
        for site in sites {
            for network in site.networks where network.contains(address) && network.prefixLength > (best?.prefix ?? -1) {
                best = (site, network.prefixLength)
            }
        }
        return best?.site
    }
}
