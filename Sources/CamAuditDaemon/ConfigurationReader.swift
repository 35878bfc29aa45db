import CamAuditStore
import Foundation
import Yams

/// Walks the YAML tree against the schema (README: "Configuration reference"), collecting
/// located problems. Only known keys are descended into, so an alias cannot make the walk
/// expensive.
struct ConfigurationReader {
    let file: String
    private(set) var problems: [ConfigurationProblem] = []

    init(file: String) { self.file = file }

    mutating func read(_ root: Node?) -> DaemonConfiguration {
        var configuration = DaemonConfiguration()
        guard let root else { return configuration }
        guard let top = mapping(root, keys: ["inventory", "password_file", "local_inventory", "reports", "sites", "exclude", "rates", "listen", "schedule", "metrics"], what: "the configuration") else {
            return configuration
        }
        if let node = top["inventory"], let location = inventory(node) { configuration.inventory = location }
        if let node = top["password_file"], let path = absolutePath(node, what: "password_file") { configuration.passwordFile = path }
        if let node = top["local_inventory"], let path = absolutePath(node, what: "local_inventory") { configuration.localInventory = path }
        if let node = top["reports"] { configuration.reports = reports(node) }
        if let node = top["sites"] { configuration.sites = sites(node) }
        if let node = top["exclude"] { configuration.exclude = networks(node, what: "exclude", allowLarge: true) }
        if let node = top["rates"] { configuration.rates = rates(node) }
        if let node = top["listen"] { configuration.listen = listen(node) }
        if let node = top["schedule"] { configuration.schedule = schedule(node) }
        if let node = top["metrics"] { configuration.metrics = metrics(node) }
        return configuration
    }

    // MARK: - Sections

    private mutating func reports(_ node: Node) -> DaemonConfiguration.Reports {
        var reports = DaemonConfiguration.Reports()
        guard let map = mapping(node, keys: ["directory", "formats"], what: "reports") else { return reports }
        if let node = map["directory"], let path = absolutePath(node, what: "reports.directory") { reports.directory = path }
        if let node = map["formats"] {
            let formats = strings(node, what: "reports.formats")
            for (format, element) in zip(formats, node.sequence.map(Array.init) ?? []) where !DaemonConfiguration.reportFormats.contains(format) {
                report(element, "unknown report format '\(format)'; use \(DaemonConfiguration.reportFormats.joined(separator: ", "))")
            }
            if formats.isEmpty { report(node, "reports.formats is empty; name at least one of \(DaemonConfiguration.reportFormats.joined(separator: ", "))") }
            reports.formats = formats.filter(DaemonConfiguration.reportFormats.contains)
        }
        return reports
    }

    private mutating func sites(_ node: Node) -> [DaemonConfiguration.Site] {
        guard let list = sequence(node, what: "sites") else { return [] }
        var sites: [DaemonConfiguration.Site] = []
        var names: Set<String> = []
        for element in list {
            guard let map = mapping(element, keys: ["name", "building", "networks", "exclude"], what: "a site") else { continue }
            guard let nameNode = map["name"] else {
                report(element, "this site has no name; add `name: <school or site>`")
                continue
            }
            guard let name = string(nameNode, what: "name"), !name.isEmpty else { continue }
            if !names.insert(name).inserted { report(nameNode, "site '\(name)' is defined twice; merge the two entries") }
            let building = map["building"].flatMap { string($0, what: "building") }
            var networks: [IPv4Network] = []
            if let node = map["networks"] {
                networks = self.networks(node, what: "networks", allowLarge: false)
                if networks.isEmpty && node.sequence?.isEmpty != false { report(node, "site '\(name)' lists no networks; add its subnets, e.g. 10.20.0.0/22") }
            } else {
                report(element, "site '\(name)' has no networks; add `networks: [10.20.0.0/22]` with its subnets")
            }
            let exclude = map["exclude"].map { self.networks($0, what: "exclude", allowLarge: true) } ?? []
            sites.append(DaemonConfiguration.Site(name: name, building: building, networks: networks, exclude: exclude))
        }
        return sites
    }

    private mutating func rates(_ node: Node) -> DaemonConfiguration.Rates {
        var rates = DaemonConfiguration.Rates()
        guard let map = mapping(node, keys: ["probes_per_second", "per_host_per_second", "timeout"], what: "rates") else { return rates }
        if let node = map["probes_per_second"], let value = integer(node, what: "probes_per_second", in: 1...10_000) { rates.probesPerSecond = value }
        if let node = map["per_host_per_second"], let value = integer(node, what: "per_host_per_second", in: 1...100) {
            rates.perHostPerSecond = value
            if value > rates.probesPerSecond { report(node, "per_host_per_second (\(value)) exceeds probes_per_second (\(rates.probesPerSecond)); lower it") }
        }
        if let node = map["timeout"], let value = duration(node, what: "timeout", in: 0.1...60) { rates.timeoutSeconds = value }
        return rates
    }

    private mutating func listen(_ node: Node) -> DaemonConfiguration.Listen {
        var listen = DaemonConfiguration.Listen()
        guard let map = mapping(node, keys: ["interfaces", "promiscuous", "filter", "record_interval", "buffer"], what: "listen") else { return listen }
        if let node = map["interfaces"] {
            listen.interfaces = strings(node, what: "listen.interfaces")
            for (name, element) in zip(listen.interfaces, node.sequence.map(Array.init) ?? []) where name.isEmpty || name.utf8.count > 15 || name.contains("/") || name.contains(" ") {
                report(element, "'\(name)' is not an interface name (at most 15 characters, no '/' or spaces); `ip link` lists them")
            }
        }
        if let node = map["promiscuous"], let value = boolean(node, what: "promiscuous") { listen.promiscuous = value }
        if let node = map["filter"], let value = string(node, what: "filter") { listen.filter = value.isEmpty ? nil : value }
        if let node = map["record_interval"], let value = duration(node, what: "record_interval", in: 1...86_400) { listen.recordIntervalSeconds = value }
        if let node = map["buffer"], let value = size(node, what: "listen.buffer", in: (1 << 20)...(256 << 20)) { listen.bufferBytes = value }
        return listen
    }

    private mutating func schedule(_ node: Node) -> DaemonConfiguration.Schedule {
        var schedule = DaemonConfiguration.Schedule()
        guard let map = mapping(node, keys: ["scan_every", "scan_on_start"], what: "schedule") else { return schedule }
        if let node = map["scan_every"] {
            if node.scalar?.string == "off" || node.scalar?.string == "" {
                schedule.scanIntervalSeconds = nil
            } else if let value = duration(node, what: "scan_every", in: 600...(30 * 86_400)) {
                schedule.scanIntervalSeconds = value
            }
        }
        if let node = map["scan_on_start"], let value = boolean(node, what: "scan_on_start") { schedule.scanOnStart = value }
        return schedule
    }

    private mutating func metrics(_ node: Node) -> DaemonConfiguration.Metrics {
        var metrics = DaemonConfiguration.Metrics()
        guard let map = mapping(node, keys: ["enabled", "address", "port"], what: "metrics") else { return metrics }
        if let node = map["enabled"], let value = boolean(node, what: "enabled") { metrics.enabled = value }
        if let node = map["address"], let value = string(node, what: "address") {
            if IPv4Network.parseAddress(value[...]) == nil {
                report(node, "'\(value)' is not an IPv4 address; use 127.0.0.1 (the default) unless a collector elsewhere must reach it")
            } else {
                metrics.address = value
            }
        }
        if let node = map["port"], let value = integer(node, what: "port", in: 0...65_535) { metrics.port = value }
        return metrics
    }

    // MARK: - Values

    private mutating func networks(_ node: Node, what: String, allowLarge: Bool) -> [IPv4Network] {
        guard let list = sequence(node, what: what) else { return [] }
        var networks: [IPv4Network] = []
        for element in list {
            guard let text = string(element, what: what) else { continue }
            guard let network = IPv4Network(text) else {
                report(element, "'\(text)' is not an IPv4 address or network; write it as 10.20.0.0/22 or 10.20.0.7")
                continue
            }
            if !allowLarge && network.prefixLength < 16 {
                report(element, "\(network) holds \(network.size) addresses; scan at most a /16 per entry: list the subnets in use instead")
                continue
            }
            networks.append(network)
        }
        return networks
    }

    private mutating func mapping(_ node: Node, keys: [String], what: String) -> [String: Node]? {
        guard let map = node.mapping else {
            report(node, "\(what) must be a mapping of `key: value` lines")
            return nil
        }
        var out: [String: Node] = [:]
        for (keyNode, value) in map {
            guard let key = keyNode.scalar?.string else {
                report(keyNode, "keys in \(what) must be plain words")
                continue
            }
            guard keys.contains(key) else {
                let hint = Self.closest(key, in: keys).map { "did you mean '\($0)'? " } ?? ""
                report(keyNode, "unknown key '\(key)' in \(what); \(hint)known keys: \(keys.joined(separator: ", "))")
                continue
            }
            out[key] = value
        }
        return out
    }

    private mutating func sequence(_ node: Node, what: String) -> [Node]? {
        if let list = node.sequence { return Array(list) }
        report(node, "\(what) must be a list (`[a, b]` or one `- item` per line)")
        return nil
    }

    private mutating func strings(_ node: Node, what: String) -> [String] {
        (sequence(node, what: what) ?? []).compactMap { string($0, what: what) }
    }

    private mutating func string(_ node: Node, what: String) -> String? {
        guard let scalar = node.scalar else {
            report(node, "\(what) must be a single value, not a list or mapping")
            return nil
        }
        return scalar.string
    }

    /// An absolute SQLite path or a postgres:// URL that parses (no password in it).
    private mutating func inventory(_ node: Node) -> String? {
        guard let text = string(node, what: "inventory") else { return nil }
        guard PostgresLocation.looksLikeURL(text) else { return absolutePath(node, what: "inventory") }
        do {
            _ = try PostgresLocation(url: text, environment: [:])
            return text
        } catch {
            report(node, "inventory: \(error)")
            return nil
        }
    }

    private mutating func absolutePath(_ node: Node, what: String) -> String? {
        guard let path = string(node, what: what) else { return nil }
        guard path.hasPrefix("/") else {
            report(node, "\(what) must be an absolute path (starting with /), not '\(path)'")
            return nil
        }
        return path
    }

    private mutating func integer(_ node: Node, what: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            report(node, "\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
            return nil
        }
        return value
    }

    private mutating func boolean(_ node: Node, what: String) -> Bool? {
        guard let text = string(node, what: what) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            report(node, "\(what) must be true or false, not '\(text)'")
            return nil
        }
    }

    /// `90`, `90s`, `15m`, `24h` or `7d`, in seconds.
    private mutating func duration(_ node: Node, what: String, in range: ClosedRange<Double>) -> Double? {
        guard let text = string(node, what: what) else { return nil }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var number = Substring(text)
        var factor = 1.0
        if let last = text.last, let unit = units[last] {
            number = text.dropLast()
            factor = unit
        }
        guard let value = Double(number), value.isFinite, range.contains(value * factor) else {
            report(node, "\(what) must be a duration from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound)) (seconds, or a number followed by s, m, h or d), not '\(text)'")
            return nil
        }
        return value * factor
    }

    /// "8MiB", "512KiB", "16M" or a plain number of bytes.
    private mutating func size(_ node: Node, what: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, what: what) else { return nil }
        let units: [(suffix: String, factor: Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("K", 1 << 10), ("M", 1 << 20)]
        var number = Substring(text)
        var factor = 1
        if let unit = units.first(where: { text.hasSuffix($0.suffix) }) {
            number = text.dropLast(unit.suffix.count)
            factor = unit.factor
        }
        guard let value = Int(number.trimmingCharacters(in: .whitespaces)), value.multipliedReportingOverflow(by: factor).overflow == false,
              range.contains(value * factor) else {
            report(node, "\(what) must be a size from \(range.lowerBound >> 20)MiB to \(range.upperBound >> 20)MiB (bytes, or a number followed by KiB or MiB), not '\(text)'")
            return nil
        }
        return value * factor
    }

    private static func format(_ seconds: Double) -> String {
        if seconds >= 86_400, seconds.truncatingRemainder(dividingBy: 86_400) == 0 { return "\(Int(seconds / 86_400))d" }
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(seconds / 3600))h" }
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60))m" }
        return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }

    private mutating func report(_ node: Node, _ message: String) {
        let mark = node.mark
        problems.append(ConfigurationProblem(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message))
    }

    /// The known key a typo most likely meant: at most two edits away.
    static func closest(_ key: String, in keys: [String]) -> String? {
        keys.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
