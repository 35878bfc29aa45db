import CamAuditDaemon
import Foundation
import Testing

@Suite struct ConfigurationTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func problems(_ text: String) -> [ConfigurationProblem] {
        do {
            _ = try ConfigurationLoader.parse(text, file: "test.yaml")
            return []
        } catch {
            return error.problems
        }
    }

    @Test func theShippedExampleIsValid() throws {
        let path = Self.packageRoot.appendingPathComponent("Packaging/camaudit.yaml").path
        let configuration = try ConfigurationLoader.load(path: path)
        #expect(configuration.inventory == "/var/lib/camaudit/inventory.sqlite")
        #expect(configuration.sites.map(\.name) == ["Lincoln High"])
        #expect(configuration.sites[0].networks.map(\.description) == ["10.20.0.0/22", "10.20.8.0/24"])
        #expect(configuration.sites[0].exclude.map(\.description) == ["10.20.0.1/32"])
        #expect(configuration.rates.timeoutSeconds == 3)
        #expect(configuration.schedule.scanIntervalSeconds == nil)
        #expect(configuration.metrics.address == "127.0.0.1")
        #expect(configuration.reports.formats == ["html", "csv"])
    }

    @Test func everyValueIsRead() throws {
        let configuration = try ConfigurationLoader.parse("""
            inventory: /srv/camaudit/inv.sqlite
            reports: {directory: /srv/reports, formats: [md, json]}
            sites:
              - name: North
                building: Gym
                networks: [10.1.0.0/24, 10.1.1.7]
            exclude: [10.1.0.5]
            rates: {probes_per_second: 50, per_host_per_second: 2, timeout: 2s}
            listen: {interfaces: [eth0, eth1], promiscuous: yes, record_interval: 5m, buffer: 2MiB}
            schedule: {scan_every: 24h, scan_on_start: true}
            metrics: {enabled: false, port: 9000}
            """, file: "t.yaml")
        #expect(configuration.inventory == "/srv/camaudit/inv.sqlite")
        #expect(configuration.reports.formats == ["md", "json"])
        #expect(configuration.sites[0].building == "Gym")
        #expect(configuration.sites[0].networks.map(\.description) == ["10.1.0.0/24", "10.1.1.7/32"])
        #expect(configuration.exclude.map(\.description) == ["10.1.0.5/32"])
        #expect(configuration.rates.probesPerSecond == 50 && configuration.rates.perHostPerSecond == 2 && configuration.rates.timeoutSeconds == 2)
        #expect(configuration.listen.interfaces == ["eth0", "eth1"] && configuration.listen.promiscuous && configuration.listen.recordIntervalSeconds == 300)
        #expect(configuration.listen.bufferBytes == 2 << 20)
        #expect(configuration.schedule.scanIntervalSeconds == 86_400 && configuration.schedule.scanOnStart)
        #expect(!configuration.metrics.enabled && configuration.metrics.port == 9000)
        #expect(configuration.site(containing: IPv4Network.parseAddress("10.1.1.7")!)?.name == "North")
        #expect(configuration.site(containing: IPv4Network.parseAddress("10.9.0.1")!) == nil)
    }

    @Test func aDistrictInventoryIsAURLWithItsPasswordInAFile() throws {
        let configuration = try ConfigurationLoader.parse("""
            inventory: postgres://lincoln_agent@db.district.example:5432/camaudit?sslmode=verify-full&sslrootcert=/etc/camaudit/ca.pem
            password_file: /etc/camaudit/inventory-password
            local_inventory: /var/lib/camaudit/spool.sqlite
            """, file: "t.yaml")
        #expect(configuration.inventory.hasPrefix("postgres://lincoln_agent@"))
        #expect(configuration.passwordFile == "/etc/camaudit/inventory-password")
        #expect(configuration.localInventory == "/var/lib/camaudit/spool.sqlite")
        for (text, problem) in [
            ("inventory: postgres://agent:secret@db/camaudit", "carries a password"),
            ("inventory: postgres://agent@db/camaudit?sslmode=maybe", "sslmode 'maybe'"),
            ("inventory: mysql://db/camaudit", "not a postgres:// URL"),
            ("password_file: relative/path", "absolute path"),
        ] {
            do {
                _ = try ConfigurationLoader.parse(text, file: "t.yaml")
                Issue.record("accepted \(text)")
            } catch {
                #expect("\(error)".contains(problem), "\(text): \(error)")
            }
        }
    }

    @Test func anEmptyFileMeansTheDefaults() throws {
        #expect(try ConfigurationLoader.parse("", file: "t.yaml") == DaemonConfiguration())
        #expect(try ConfigurationLoader.parse("# only a comment\n", file: "t.yaml") == DaemonConfiguration())
    }

    @Test func problemsPointAtTheirLineAndColumn() {
        let found = problems("""
            inventory: relative.sqlite
            sites:
              - name: A
                networks: [10.0.0.0/8, 10.1.2.300/24]
              - building: no name
                networks: [10.2.0.0/24]
            rates:
              probes_per_second: fast
            """)
        let located = found.map { "\($0.line):\($0.column)" }
        #expect(located == ["1:12", "4:16", "4:28", "5:5", "8:22"], "\(found)")
        #expect(found[0].description.hasPrefix("test.yaml:1:12: error: inventory must be an absolute path"))
        #expect(found[1].message.contains("at most a /16"))
        #expect(found[2].message.contains("'10.1.2.300/24' is not an IPv4 address"))
        #expect(found[3].message.contains("no name"))
        #expect(found[4].message.contains("whole number"))
    }

    @Test func unknownKeysAreErrorsWithASuggestion() {
        let found = problems("listen:\n  interface: [eth0]\nmetric:\n  port: 1\n")
        #expect(found.count == 2)
        #expect(found[0].line == 2 && found[0].message.contains("did you mean 'interfaces'"))
        #expect(found[1].line == 3 && found[1].message.contains("did you mean 'metrics'"))
    }

    @Test func yamlSyntaxErrorsAreLocated() {
        let found = problems("sites:\n  - name: A\n   networks: [x\n")
        #expect(found.count == 1)
        #expect(found[0].line == 3, "\(found)")
        #expect(found[0].message.contains("not valid YAML"))
    }

    @Test func duplicateSitesAndBadValuesAreRefused() {
        let found = problems("""
            sites:
              - {name: A, networks: [10.0.0.0/24]}
              - {name: A, networks: [10.0.1.0/24]}
              - {name: B}
            rates: {probes_per_second: 5, per_host_per_second: 10}
            listen: {interfaces: ["eth0/1"], record_interval: 0s, buffer: 512KiB}
            schedule: {scan_every: 1m}
            reports: {formats: [html, pdf], directory: reports}
            metrics: {address: localhost}
            """)
        let messages = found.map(\.message)
        #expect(messages.contains { $0.contains("site 'A' is defined twice") })
        #expect(messages.contains { $0.contains("site 'B' has no networks") })
        #expect(messages.contains { $0.contains("exceeds probes_per_second") })
        #expect(messages.contains { $0.contains("'eth0/1' is not an interface name") })
        #expect(messages.contains { $0.contains("record_interval must be a duration") })
        #expect(messages.contains { $0.contains("listen.buffer must be a size from 1MiB to 256MiB (bytes, or a number followed by KiB or MiB), not '512KiB'") })
        #expect(messages.contains { $0.contains("scan_every must be a duration from 10m") })
        #expect(messages.contains { $0.contains("unknown report format 'pdf'") })
        #expect(messages.contains { $0.contains("reports.directory must be an absolute path") })
        #expect(messages.contains { $0.contains("'localhost' is not an IPv4 address") })
        #expect(found.count == 10, "\(found)")
    }

    /// Aliases cannot make validation expensive: the walk never descends where the schema
    /// expects a value, so a "billion laughs" document is refused quickly.
    @Test(.timeLimit(.minutes(1))) func aliasBombIsRefusedQuickly() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...20 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        text += "exclude: *a20\n"
        let found = problems(text)
        #expect(!found.isEmpty)
    }

    @Test func oversizedAndUnreadableFilesAreRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let big = directory.appendingPathComponent("big.yaml")
        try Data(repeating: 0x23, count: ConfigurationLoader.maximumBytes + 1).write(to: big)
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.load(path: big.path) }
        do {
            _ = try ConfigurationLoader.load(path: directory.appendingPathComponent("missing.yaml").path)
            Issue.record("a missing file was accepted")
        } catch {
            #expect(error.problems[0].message.contains("cannot read the file"))
        }
    }

    @Test func networksParse() {
        #expect(IPv4Network("10.20.0.0/22")?.description == "10.20.0.0/22")
        #expect(IPv4Network("10.20.3.9/22")?.description == "10.20.0.0/22")
        #expect(IPv4Network("10.20.0.0/22")?.contains(IPv4Network.parseAddress("10.20.3.255")!) == true)
        #expect(IPv4Network("10.20.0.0/22")?.contains(IPv4Network.parseAddress("10.20.4.0")!) == false)
        for bad in ["", "10.0.0", "10.0.0.256", "10.0.0.0/33", "10.0.0.0/", "a.b.c.d", "10.0.0.0/8/8", "1e1.0.0.0"] {
            #expect(IPv4Network(bad) == nil, "\(bad)")
        }
    }

    /// Keys that are collections, and deep nesting, are refused before Yams composes the file:
    /// its duplicate-key check compares such keys recursively, exponentially in their depth.
    @Test func complexKeysAndDeepNestingAreRefusedInLinearTime() throws {
        let key = problems("sites:\n  ? [a, b]\n  : 1\n")
        #expect(key.count == 1 && key[0].line == 2 && key[0].column == 5 && key[0].message.contains("configuration keys are names"), "\(key)")
        #expect(problems("{[x]: 1}").first?.message.contains("configuration keys are names") == true)
        let deep = problems(String(repeating: "[", count: 40) + String(repeating: "]", count: 40))
        #expect(deep.count == 1 && deep[0].message.contains("nested more than 32 levels"), "\(deep)")
        // Values that are collections, at a configuration's depth, are fine.
        #expect(problems("sites:\n  - name: A\n    networks: [10.0.0.0/24]\n").isEmpty)

        // Found by `Packaging/fuzz config`: 4.7 KB of nested `? -` keys took 18 s of CPU.
        let finding = Self.packageRoot.appendingPathComponent("Tests/Fixtures/fuzz/config/cpu-nested-complex-keys")
        let text = try #require(String(data: try Data(contentsOf: finding), encoding: .utf8))
        let clock = ContinuousClock()
        var found: [ConfigurationProblem] = []
        let elapsed = clock.measure { found = problems(text) }
        #expect(found.count == 1 && found[0].message.contains("configuration keys are names"), "\(found)")
        // Generous for a loaded machine; the finding took 18 s before the check.
        #expect(elapsed < .seconds(2), "\(elapsed)")
    }
}
