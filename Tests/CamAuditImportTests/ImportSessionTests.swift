import CamAuditImport
import CamAuditModel
import CamAuditSignatures
import CamAuditStore
import Foundation
import Testing

/// The done-when of issue 16's first part: a lease file and a switch MAC table of cameras no
/// scan reached put every Hikvision/Dahua/relabel MAC in the inventory, with its verdict and
/// its switch port.
@Suite struct ImportSessionTests {
    @discardableResult
    func importFiles(_ files: [(String, ImportKind)], store: InventoryStore, keepAll: Bool = false, batchDevices: Int = ImportSession.defaultBatchDevices) throws -> [Int64] {
        var scans: [Int64] = []
        for (name, kind) in files {
            let scan = try store.beginScan(ScanDescription(kind: .imported, scope: name, site: "Lincoln High", settings: .object([]),
                                                           tableVersion: BuiltInSignatures.table.version, policyVersion: "p"))
            let session = ImportSession(store: store, scan: scan, kind: kind, classifier: BuiltInSignatures.classifier,
                                        keepAll: keepAll, batchDevices: batchDevices)
            _ = try TableReader.read(path: Fixture.path(name), kind: kind, row: { try session.add($0, path: name) }, problem: { _ in })
            try session.flush()
            try store.finishScan(scan)
            scans.append(scan)
        }
        return scans
    }

    @Test func leasesAndMACTableFindTheCamerasWithTheirPorts() throws {
        let store = try InventoryStore()
        try importFiles([("dhcpd.leases", .dhcp), ("cisco-ios-mac.txt", .macTable)], store: store)
        let rows = try store.inventory()
        let byMAC = Dictionary(uniqueKeysWithValues: rows.compactMap { row in row.mac.map { ($0, row) } })
        // Hikvision and Dahua by their registered OUIs.
        #expect(byMAC["04:03:12:5a:6b:7c"]?.verdict == "covered")
        #expect(byMAC["04:03:12:5a:6b:7c"]?.maker == "hikvision")
        #expect(byMAC["08:ed:ed:11:22:33"]?.maker == "dahua")
        // Amcrest's own OUI names the seller of a Dahua relabel: kept, with the weak verdict the
        // policy gives an OEM prefix alone (a scan of the camera decides).
        let relabel = byMAC["9c:8e:cd:00:11:22"]
        #expect(relabel?.brand?.lowercased() == "amcrest")
        #expect(relabel?.verdict == "unknown")
        #expect(relabel?.summary.contains("Dahua") == true)
        // The lease and the switch table name one camera: one device, its address from the lease.
        #expect(byMAC["04:03:12:5a:6b:7c"]?.addresses == ["10.30.0.14"])
        #expect(byMAC["04:03:12:5a:6b:7c"]?.summary.contains("switch core-1 port Gi1/0/14 VLAN 30") == true)
        // The Axis camera is recognised (not covered); the laptop names no maker and is left out.
        #expect(byMAC["ac:cc:8e:01:02:03"]?.verdict == "not-covered")
        #expect(byMAC["f8:bc:12:44:55:66"] == nil)
        #expect(byMAC["f8:bc:12:01:02:03"] == nil)
        #expect(try store.scans().map(\.kind) == ["import", "import"])
    }

    @Test func allKeepsUnknownDevicesAndBatchesMergeByMAC() throws {
        let store = try InventoryStore()
        // One device per batch: every MAC that appears twice crosses batches.
        try importFiles([("dhcpd.leases", .dhcp)], store: store, keepAll: true, batchDevices: 1)
        let rows = try store.inventory()
        #expect(Set(rows.compactMap(\.mac)) == ["04:03:12:5a:6b:7c", "08:ed:ed:11:22:33", "ac:cc:8e:01:02:03", "f8:bc:12:44:55:66"])
        #expect(rows.first { $0.mac == "f8:bc:12:44:55:66" }?.verdict == "unknown")
    }

    @Test func aRowForAScannedDeviceIsKeptEvenWhenItNamesNoMaker() throws {
        let store = try InventoryStore()
        let mac = "f8:bc:12:01:02:03"
        let scan = try store.beginScan(ScanDescription(kind: .active, scope: "10.30.0.0/24", site: "Lincoln High", settings: .object([]), tableVersion: "t", policyVersion: "p"))
        let observations = [Observation(field: ObservationField.httpServer, value: "Hikvision-Webs", source: EvidenceSource(kind: .active, protocolName: "http"))]
        try store.record([DeviceSighting(key: "a", mac: mac, macSource: .frame, addresses: ["10.30.0.2"], observations: observations,
                                         classification: BuiltInSignatures.classifier.classify(observations), firstSeen: Date(), lastSeen: Date())], scan: scan)
        try store.finishScan(scan)
        let imports = try importFiles([("cisco-ios-mac.txt", .macTable)], store: store)
        let device = try #require(try store.inventory().first { $0.mac == mac })
        #expect(try store.observations(of: device.deviceID, scan: imports[0], field: ObservationField.switchPort) == ["switch core-1 port Gi1/0/2 VLAN 1"])
        #expect(device.addresses == ["10.30.0.2"])
    }
}

extension ImportSessionTests {
    @Test func aCamerasIPv4AndIPv6NeighboursAreOneDevice() throws {
        // show ip arp and show ipv6 neighbors of the same router: the MAC joins the addresses.
        let store = try InventoryStore()
        try importFiles([("cisco-arp.txt", .arp), ("cisco-ipv6-neigh.txt", .arp)], store: store)
        let camera = try #require(try store.inventory().first { $0.mac == "08:ed:ed:11:22:33" })
        #expect(Set(camera.addresses) == ["10.30.0.15", "2001:db8:30::15", "fe80::aed:edff:fe11:2233"])
        // An IPv6-only camera (no IPv4 entry anywhere) is recorded from its neighbour entry alone.
        let v6only = try #require(try store.inventory().first { $0.mac == "14:a7:8b:90:91:92" })
        #expect(v6only.addresses == ["2001:db8:30::16"])
        #expect(v6only.verdict == "covered")
    }
}
