import Foundation
import Testing
@testable import CamAuditScan

/// `--ipv6-link-local IFACE`: the scope gains the link-local addresses of one interface and
/// nothing else, and every send to one of them carries that interface as its scope id.
@Suite struct LinkLocalScopeTests {
    static let segment = LinkLocalSegment(name: "eth9", index: 7, address: ScanAddress("fe80::1")!)

    @Test func onlyFe80Slash64OnTheInterfaceIsAdded() throws {
        let scope = try ScanScope(targets: [], linkLocal: Self.segment)
        #expect(scope.count == 0 && scope.addresses.isEmpty)
        #expect(scope.contains(ScanAddress("fe80::bead:28ff:fe66:5cef")!))
        // RFC 4291 §2.5.6: link-local unicast is fe80::/64; fe80:0:0:1::/64 is inside fe80::/10
        // but not a link-local address, and nothing routable or multicast is in scope.
        for outside in ["fe80:0:0:1::5", "fd00::5", "2001:db8::5", "ff02::1", "ff02::c", "10.0.0.5", "::1"] {
            #expect(!scope.contains(ScanAddress(outside)!), "\(outside)")
        }
        #expect(scope.scopeID(for: ScanAddress("fe80::5")!) == 7)
        #expect(scope.scopeID(for: ScanAddress("fd00::5")!) == 0)
        #expect(scope.summary.contains("fe80::/64 on eth9"))
    }

    @Test func exclusionsApplyToLinkLocalAddressesFoundLater() throws {
        let scope = try ScanScope(targets: ["10.1.0.5"], exclusions: ["fe80::10-fe80::20"], linkLocal: Self.segment)
        #expect(scope.count == 1)
        #expect(!scope.contains(ScanAddress("fe80::15")!))
        #expect(scope.contains(ScanAddress("fe80::21")!))
    }

    @Test func withoutTheSwitchNothingLinkLocalIsAddedAndTargetsAreNeeded() throws {
        let scope = try ScanScope(targets: ["10.1.0.5"])
        #expect(!scope.contains(ScanAddress("fe80::5")!))
        #expect(scope.scopeID(for: ScanAddress("fe80::5")!) == 0)
        #expect(throws: ScopeError.self) { try ScanScope(targets: []) }
    }

    @Test func loopbackAndMissingInterfacesAreRefused() {
        #expect(throws: ScopeError.self) { try LinkLocalSegment.resolve("lo") }
        do {
            _ = try LinkLocalSegment.resolve("camaudit-nx0")
            Issue.record("a missing interface was accepted")
        } catch {
            #expect(error.description.contains("no such interface"))
        }
    }

    /// An RTM_NEWNEIGH message as rtnetlink(7) lays it out (host byte order): nlmsghdr, ndmsg
    /// (family AF_INET6, ifindex 7, state NUD_REACHABLE 0x02), NDA_DST and NDA_LLADDR
    /// attributes; then NLMSG_DONE. An NUD_FAILED entry is skipped.
    @Test func neighbourDumpIsParsed() {
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
        func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16(value >> 16) }
        func neighbour(state: Int) -> [UInt8] {
            let destination = le16(20) + le16(1) + [0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0xBE, 0xAD, 0x28, 0xFF, 0xFE, 0x66, 0x5C, 0xEF]
            let linkLayer = le16(10) + le16(2) + [0xBC, 0xAD, 0x28, 0x66, 0x5C, 0xEF] + [0, 0]
            let body = [10, 0, 0, 0] + le32(7) + le16(state) + [0, 0] + destination + linkLayer
            return le32(16 + body.count) + le16(28) + le16(2) + le32(1) + le32(0) + body
        }
        let done = le32(20) + le16(3) + le16(2) + le32(1) + le32(0) + le32(0)
        let (entries, finished) = IPv6NeighbourTable.parse(neighbour(state: 0x02) + neighbour(state: 0x20) + done)
        #expect(finished)
        #expect(entries == [IPv6NeighbourTable.Entry(interface: 7, address: ScanAddress("fe80::bead:28ff:fe66:5cef")!, mac: "bc:ad:28:66:5c:ef")])
        // Cut anywhere, it ends without reading past the bytes.
        let whole = neighbour(state: 0x02)
        for end in 0..<whole.count { _ = IPv6NeighbourTable.parse(Array(whole[0..<end])) }
    }

    @Test func urlHostsLoseBracketsAndZones() {
        #expect(HostProber.hostAddress("[fe80::1%25eth0]") == ScanAddress("fe80::1"))
        #expect(HostProber.hostAddress("[fe80::1]") == ScanAddress("fe80::1"))
        #expect(HostProber.hostAddress("10.0.0.1") == ScanAddress("10.0.0.1"))
        #expect(HostProber.hostAddress("camera.local") == nil)
    }
}
