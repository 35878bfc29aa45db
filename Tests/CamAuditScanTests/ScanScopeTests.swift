import Foundation
import Testing
@testable import CamAuditScan

@Suite struct ScanScopeTests {
    func addresses(_ targets: [String], exclude: [String] = []) throws -> [String] {
        try ScanScope(targets: targets, exclusions: exclude).addresses.map(\.description)
    }

    @Test func cidrLeavesOutNetworkAndBroadcast() throws {
        let scope = try ScanScope(targets: ["10.1.2.0/24"])
        #expect(scope.count == 254)
        #expect(scope.addresses.first?.description == "10.1.2.1")
        #expect(scope.addresses.last?.description == "10.1.2.254")
        #expect(try addresses(["10.1.2.9/31"]) == ["10.1.2.8", "10.1.2.9"])
        #expect(try addresses(["10.1.2.9/32"]) == ["10.1.2.9"])
        #expect(try addresses(["10.1.2.5/30"]) == ["10.1.2.5", "10.1.2.6"])
    }

    @Test func rangesAndSingleHosts() throws {
        #expect(try addresses(["192.168.1.10-12"]) == ["192.168.1.10", "192.168.1.11", "192.168.1.12"])
        #expect(try addresses(["192.168.1.254-192.168.2.1"]) == ["192.168.1.254", "192.168.1.255", "192.168.2.0", "192.168.2.1"])
        #expect(try addresses(["172.16.0.1", "172.16.0.1, 172.16.0.2"]) == ["172.16.0.1", "172.16.0.2"])
        #expect(try addresses(["fd00::1-fd00::3"]) == ["fd00::1", "fd00::2", "fd00::3"])
        #expect(try ScanScope(targets: ["fe80::/120"]).count == 256)
    }

    @Test func exclusionsAreRemovedWholly() throws {
        #expect(try addresses(["10.0.0.1-10"], exclude: ["10.0.0.2-9"]) == ["10.0.0.1", "10.0.0.10"])
        // Excluding a block removes its network and broadcast addresses too (of a range that has them).
        #expect(try addresses(["10.0.0.0-10.0.0.3"], exclude: ["10.0.0.0/31"]) == ["10.0.0.2", "10.0.0.3"])
        let scope = try ScanScope(targets: ["10.0.0.0/24"], exclusions: ["10.0.0.7", "10.0.0.100-200"])
        #expect(scope.count == 254 - 1 - 101)
        #expect(!scope.contains(ScanAddress("10.0.0.7")!))
        #expect(!scope.contains(ScanAddress("10.0.0.150")!))
        #expect(scope.contains(ScanAddress("10.0.0.201")!))
    }

    @Test func everythingExcludedIsRefused() {
        #expect(throws: ScopeError.self) { try ScanScope(targets: ["10.0.0.0/24"], exclusions: ["10.0.0.0/16"]) }
        do {
            _ = try ScanScope(targets: ["10.0.0.5"], exclusions: ["10.0.0.5"])
            Issue.record("an empty scope was accepted")
        } catch {
            #expect(error.kind == .empty)
            #expect(error.description.contains("excluded"))
        }
        #expect((try? ScanScope(targets: [])) == nil)
        #expect((try? ScanScope(targets: ["  # only a comment"])) == nil)
    }

    @Test func publicSpaceNeedsAllowPublic() throws {
        for target in ["8.8.8.8", "10.255.255.0-11.0.0.5", "172.32.0.1", "192.169.0.0/24", "100.128.0.1", "2001:db8::1", "0.0.0.0/0"] {
            do {
                _ = try ScanScope(targets: [target])
                Issue.record("\(target) was accepted without --allow-public")
            } catch {
                #expect(error.kind == .notAllowed, "\(target)")
            }
        }
        #expect(try ScanScope(targets: ["8.8.8.8"], allowPublic: true).count == 1)
        for target in ["10.0.0.1", "172.31.255.254", "192.168.0.1", "100.64.0.1", "169.254.1.1", "127.77.0.1", "fd12:3456::1", "fe80::1", "::1"] {
            #expect(try ScanScope(targets: [target]).count == 1, "\(target)")
        }
    }

    @Test func multicastAndReservedSpaceIsNeverAHost() {
        for target in ["224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1", "0.0.0.1"] {
            do {
                _ = try ScanScope(targets: [target], allowPublic: true)
                Issue.record("\(target) was accepted")
            } catch {
                #expect(error.kind == .notAllowed)
            }
        }
    }

    @Test func sizeCap() throws {
        #expect(try ScanScope(targets: ["10.0.0.0/16"]).count == 65_534)
        #expect(throws: ScopeError.self) { try ScanScope(targets: ["10.0.0.0/15"]) }
        #expect(throws: ScopeError.self) { try ScanScope(targets: ["10.0.0.0/24"], maximumHosts: 100) }
        #expect(try ScanScope(targets: ["10.0.0.0/15"], maximumHosts: 200_000).count == 131_070)
        #expect(throws: ScopeError.self) { try ScanScope(targets: ["fd00::/64"]) }
    }

    @Test func syntaxErrorsSayWhatIsWrong() {
        for (target, words) in [("10.0.0.300", "not an address"), ("10.0.0.0/33", "0 to 32"), ("10.0.0.9-3", "ends before"),
                                ("camera.local", "host names"), ("10.0.0.1-fd00::1", "IPv4"), ("fd00::/48", "/64"), ("10.0.0.1/x", "not a number")] {
            do {
                _ = try ScanScope(targets: [target])
                Issue.record("\(target) parsed")
            } catch {
                #expect(error.kind == .syntax, "\(target)")
                #expect(error.description.contains(words), "\(target): \(error.description)")
            }
        }
    }

    @Test func targetsFileWithComments() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-targets-\(UUID().uuidString).txt").path
        try "# cameras\n10.9.0.1-3   # lobby\n\n10.9.1.5,10.9.1.6\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let targets = try ScanScope.targets(fromFile: path)
        #expect(targets == ["10.9.0.1-3", "10.9.1.5", "10.9.1.6"])
        #expect(try ScanScope(targets: targets).count == 5)
        #expect(throws: ScopeError.self) { try ScanScope.targets(fromFile: path + ".missing") }
    }

    @Test func summaryNamesTheBlocks() throws {
        let scope = try ScanScope(targets: ["10.0.0.0/24"], exclusions: ["10.0.0.7"])
        #expect(scope.summary == "10.0.0.1-10.0.0.6, 10.0.0.8-10.0.0.254 (253 addresses)")
    }
}
