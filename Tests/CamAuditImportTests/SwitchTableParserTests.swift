import CamAuditImport
import Testing

/// MAC address tables, each written from its vendor's documented output (Tests/Fixtures/README.md).
@Suite struct SwitchTableParserTests {
    @Test func ciscoIOSPlacesEachMACOnItsPortAndVLAN() throws {
        let result = try Fixture.read("cisco-ios-mac.txt", .macTable)
        #expect(result.outcome.format == .ciscoMACTable)
        let camera = try #require(result.row("04:03:12:5a:6b:7c"))
        #expect(camera.location == "switch core-1 port Gi1/0/14 VLAN 30")
        // CPU and broadcast entries are the switch's own, not devices.
        #expect(result.rows.map(\.mac) == ["f8:bc:12:01:02:03", "04:03:12:5a:6b:7c", "08:ed:ed:11:22:33", "9c:8e:cd:00:11:22"])
        #expect(result.problemLines == [13, 14])
    }

    @Test func nxosFlagAndAgeColumns() throws {
        let result = try Fixture.read("cisco-nxos-mac.txt", .macTable)
        #expect(result.outcome.format == .ciscoMACTable)
        #expect(result.row("14:a7:8b:55:66:77")?.location == "switch dist-2 port Eth1/7 VLAN 40")
        #expect(result.row("04:03:12:00:00:99")?.port == "vPC Peer-Link")
        #expect(result.rows.count == 3)
        #expect(result.problems.isEmpty)
    }

    @Test func arubaBothLayouts() throws {
        let cx = try Fixture.read("aruba-cx-mac.txt", .macTable)
        #expect(cx.outcome.format == .arubaMACTable)
        #expect(cx.row("00:bc:99:31:32:33")?.location == "switch access-3 port 1/1/14 VLAN 30")
        #expect(cx.rows.count == 2)
        #expect(cx.problemLines == [9])
        let procurve = try Fixture.read("arubaos-switch-mac.txt", .macTable)
        #expect(procurve.outcome.format == .arubaMACTable)
        #expect(procurve.row("04:03:12:41:42:43")?.location == "switch gym-sw port A14 VLAN 30")
        #expect(procurve.rows.count == 2)
        #expect(procurve.problemLines == [9])
    }

    @Test func juniperELS() throws {
        let result = try Fixture.read("juniper-els-mac.txt", .macTable)
        #expect(result.outcome.format == .juniperMACTable)
        #expect(result.row("14:a7:8b:51:52:53")?.location == "switch ex-lib port ge-0/0/12.0 VLAN cameras")
        #expect(result.rows.count == 2)
        #expect(result.problemLines == [13])
    }

    @Test func plainCSVWithAndWithoutSwitchColumn() throws {
        let result = try Fixture.read("mac-table.csv", .macTable, switchName: "fallback-sw")
        #expect(result.outcome.format == .csvMACTable)
        #expect(result.row("04:03:12:61:62:63")?.location == "switch portable-1 port Gi1/0/21 VLAN 30")
        #expect(result.row("04:03:12:61:62:65")?.location == "switch fallback-sw port Gi1/0/22 VLAN 30")
        #expect(result.problemLines == [5])
    }

    @Test func switchOptionNamesAnUnnamedSwitchButNotOverAPrompt() throws {
        let result = try Fixture.read("cisco-ios-mac.txt", .macTable, switchName: "given")
        #expect(result.row("04:03:12:5a:6b:7c")?.switchName == "given")
    }
}

@Suite struct NeighbourParserTests {
    @Test func linuxIPNeighKeepsBothFamilies() throws {
        let result = try Fixture.read("ip-neigh.txt", .arp)
        #expect(result.outcome.format == .linuxNeighbours)
        let rows = result.rows.filter { $0.mac == "04:03:12:5a:6b:7c" }
        #expect(rows.map(\.address) == ["10.30.0.14", "fe80::603:12ff:fe5a:6b7c"])
        #expect(rows.first?.interface == "eth0.30")
        #expect(result.rows.count == 3)
        #expect(result.problemLines == [5])
    }

    @Test func ciscoARPGivesTheVLANOfItsInterface() throws {
        let result = try Fixture.read("cisco-arp.txt", .arp)
        #expect(result.outcome.format == .ciscoARP)
        let camera = try #require(result.row("08:ed:ed:11:22:33"))
        #expect(camera.address == "10.30.0.15")
        #expect(camera.location == "interface Vlan30 VLAN 30")
        #expect(result.rows.count == 2)
        #expect(result.problemLines == [6])
    }

    @Test func windowsARPSkipsBroadcastAndMulticast() throws {
        let result = try Fixture.read("windows-arp.txt", .arp)
        #expect(result.outcome.format == .windowsARP)
        #expect(result.rows.map(\.mac) == ["f8:bc:12:00:00:01", "14:a7:8b:71:72:73"])
        #expect(result.row("14:a7:8b:71:72:73")?.interface == "10.33.0.5")
        #expect(result.problemLines == [8])
    }

    @Test func ciscoLLDPDetailWithMEDInventory() throws {
        let result = try Fixture.read("cisco-lldp-detail.txt", .lldp)
        #expect(result.outcome.format == .ciscoLLDP)
        let camera = try #require(result.row("04:03:12:5a:6b:7c"))
        #expect(camera.location == "switch core-1 port Gi1/0/14 VLAN 30")
        #expect(camera.systemName == "lobby-cam")
        #expect(camera.systemDescription == "IP camera firmware V5.7.3")
        #expect(camera.address == "10.30.0.14")
        let recorder = try #require(result.row("00:bc:99:10:20:30"))
        #expect(recorder.vlan == nil)
        #expect(recorder.manufacturer == "Hikvision")
        #expect(recorder.model == "DS-7616NI-Q2/16P")
        #expect(recorder.serial == "G12345678")
        #expect(result.rows.count == 2)
        #expect(result.problems.count == 1)
    }

    @Test func lldpctlJSONListOfInterfaces() throws {
        let result = try Fixture.read("lldpctl.json", .lldp, switchName: "ups-closet")
        #expect(result.outcome.format == .lldpctlJSON)
        let camera = try #require(result.row("14:a7:8b:81:82:83"))
        #expect(camera.location == "switch ups-closet port eth1 VLAN 30")
        #expect(camera.systemName == "hall-cam-2")
        #expect(camera.address == "10.30.0.83")
        #expect(camera.model == "IPC-HDW5421S")
        // A neighbour that names itself by a local id has no MAC to anchor: not a row, not an error.
        #expect(result.rows.count == 1)
        #expect(result.problems.isEmpty)
    }
}

extension NeighbourParserTests {
    @Test func ciscoIPv6NeighboursAreKeyedByTheirMAC() throws {
        let result = try Fixture.read("cisco-ipv6-neigh.txt", .arp)
        #expect(result.outcome.format == .ciscoIPv6Neighbours)
        #expect(result.rows.filter { $0.mac == "08:ed:ed:11:22:33" }.map(\.address) == ["2001:db8:30::15", "fe80::aed:edff:fe11:2233"])
        #expect(result.row("14:a7:8b:90:91:92")?.location == "interface Vlan30 VLAN 30")
        #expect(result.rows.count == 3)
        #expect(result.problemLines == [7])
    }
}
