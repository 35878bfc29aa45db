@testable import CamAuditCLI
@testable import CamAuditCapture
import CamAuditModel
import Foundation
import Testing

/// The table's rows are built as bytes for speed; columns must still be padded to characters,
/// as `String.padding` pads the header, so that rows with non-ASCII names line up.
@Suite struct TableRowTests {
    static func report(brand: String?, model: String?, addresses: [IPAddress]) -> DeviceReport {
        let identity = Identity(maker: "hikvision", brand: brand, model: model, deviceType: .camera, confidence: 0.85)
        return DeviceReport(
            key: .mac(MACAddress(value: 0xC056_E3AA_BBCC)), mac: MACAddress(value: 0xC056_E3AA_BBCC), macSource: .frame,
            addresses: addresses, firstSeen: Date(timeIntervalSince1970: 0), lastSeen: Date(timeIntervalSince1970: 1), packets: 3,
            observations: [], classification: Classification(identity: identity, verdict: .covered, findings: [], summary: ""))
    }

    @Test func columnsArePaddedToCharacters() {
        let cases: [(String?, String?, [IPAddress])] = [
            ("Hikvision", "DS-2CD2043G2-I", [IPAddress(ipv4: 0x0A00_0001)]),
            ("海康威视", "摄像机-DS-2CD2043G2-I-超长型号名称", [IPAddress(ipv4: 0x0A00_0001), IPAddress(ipv4: 0x0A00_0002)]),
            ("Ézviz", nil, []),
            ("a brand far longer than its column", "x", [IPAddress(ipv6: 0x2001_0DB8_0000_0000, 1)]),
        ]
        for (brand, model, addresses) in cases {
            let report = Self.report(brand: brand, model: model, addresses: addresses)
            let ip = addresses.first.map { addresses.count > 1 ? "\($0)+\(addresses.count - 1)" : $0.description } ?? "-"
            let expected = "\("c0:56:e3:aa:bb:cc".padding(18)) \("frame".padding(10)) \(ip.padding(16)) \("covered".padding(15)) \("hikvision".padding(10)) \((brand ?? "-").padding(10)) \((model ?? "-").padding(20)) \("camera".padding(15)) 0.85"
            #expect(DeviceReportOutput.tableRow(report) == expected)
        }
    }
}
