import CamAuditImport
import Foundation
import Testing

/// DHCP lease files, each written from its server's documented layout (Tests/Fixtures/README.md).
@Suite struct LeaseParserTests {
    @Test func iscLeasesGiveMACAddressNameAndVendorClass() throws {
        let result = try Fixture.read("dhcpd.leases", .dhcp)
        #expect(result.outcome.format == .iscDhcpd)
        let camera = try #require(result.row("04:03:12:5a:6b:7c"))
        #expect(camera.address == "10.30.0.14")
        #expect(camera.hostname == "HIK-CAM-LOBBY")
        #expect(camera.time == TextFieldsTests.utc("2026-12-02T07:58:13Z"))
        #expect(result.row("ac:cc:8e:01:02:03")?.vendorClass == "AXIS,Network Camera,P3225-LV Mk II,9.70.1.5")
        // A renewed lease is written again: both declarations are read.
        #expect(result.rows.filter { $0.mac == "08:ed:ed:11:22:33" }.count == 2)
        // Epoch times with a trailing comment; without cltt the end of the lease is the time seen.
        #expect(result.row("f8:bc:12:44:55:66")?.time == Date(timeIntervalSince1970: 1_796_543_200))
        // The host declaration and the lease without hardware give nothing.
        #expect(result.row("00:bc:99:10:20:30") == nil)
        #expect(result.rows.count == 5)
        // A bad MAC and a stray line are reported at their lines, and nothing after them is lost.
        #expect(result.problemLines == [57, 59])
    }

    @Test func keaColumnsAreFoundByName() throws {
        let result = try Fixture.read("kea-leases4.csv", .dhcp)
        #expect(result.outcome.format == .kea)
        #expect(result.rows.map(\.mac) == ["14:a7:8b:aa:bb:01", "9c:8e:cd:00:11:22", "f8:bc:12:01:02:03"])
        #expect(result.row("14:a7:8b:aa:bb:01")?.hostname == "dh-ipc-hall")
        #expect(result.row("f8:bc:12:01:02:03")?.hostname == "office,pc")
        #expect(result.row("9c:8e:cd:00:11:22")?.time == Date(timeIntervalSince1970: 1_796_590_100))
        #expect(result.problemLines == [6])
    }

    @Test func dnsmasqSkipsIPv6AndOtherHardware() throws {
        let result = try Fixture.read("dnsmasq.leases", .dhcp)
        #expect(result.outcome.format == .dnsmasq)
        #expect(result.rows.map(\.mac) == ["0c:a6:4c:12:34:56", "f8:bc:12:aa:bb:cc", "04:03:12:0a:0b:0c"])
        #expect(result.row("0c:a6:4c:12:34:56")?.hostname == "EZVIZ-C6N")
        #expect(result.row("f8:bc:12:aa:bb:cc")?.hostname == nil)
        #expect(result.row("04:03:12:0a:0b:0c")?.time == nil)
        #expect(result.problemLines == [5])
    }

    @Test func windowsExportCsvWithByteOrderMarkAndCRLF() throws {
        let result = try Fixture.read("windows-dhcp.csv", .dhcp)
        #expect(result.outcome.format == .windowsDHCP)
        #expect(result.rows.map(\.mac) == ["00:bc:99:77:88:99", "14:a7:8b:01:02:03", "f8:bc:12:10:20:30"])
        #expect(result.row("00:bc:99:77:88:99")?.hostname == "DS-7616NI-Q2.school.local")
        #expect(result.row("14:a7:8b:01:02:03")?.time == TextFieldsTests.utc("2026-12-07T13:05:44Z"))
        #expect(result.problemLines == [6])
    }

    @Test func formatIsDetectedOnlyAmongTheKindAsked() throws {
        #expect(throws: ImportError.self) { try Fixture.read("dhcpd.leases", .macTable) }
        #expect(throws: ImportError.self) { try Fixture.read("cisco-ios-mac.txt", .dhcp) }
    }
}
