@testable import CamAuditImport
import Foundation
import CamAuditTestSupport
import Testing

/// Any bytes, any format: no crash, no line longer than the bound reaches a parser, and the
/// lines after a bad one are still read.
@Suite struct HostileInputTests {
    func write(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "camaudit-hostile-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func randomBytesThroughEveryFormat() throws {
        var generator = SplitMix(seed: 16)
        for round in 0..<40 {
            var bytes = (0..<Int(generator.next() % 20_000)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            // Some rounds are mostly text with the characters the formats care about.
            if round % 2 == 0 {
                let alphabet = Array("lease {};:-.,\"#\n\r 0123456789abcdefINTERNETdevlladdr*".utf8)
                bytes = bytes.map { alphabet[Int($0) % alphabet.count] }
            }
            let path = try write(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            for format in ImportFormat.allCases {
                var rows = 0
                let outcome = try TableReader.read(path: path, kind: format.kind, format: format, row: { row in
                    rows += 1
                    #expect(TextFields.mac(row.mac) == row.mac)
                }, problem: { _ in })
                #expect(outcome.rows == rows)
            }
        }
    }

    @Test func aLineWithoutEndIsCutAndTheNextLineStillCounts() throws {
        let long = [UInt8](repeating: UInt8(ascii: "a"), count: 3 * LineReader.maxLineBytes)
        let good = Array("30,04:03:12:00:00:01,Gi1/0/1\n".utf8)
        let path = try write(long + [0x0A] + Array("04:03:12:00:00:01,30,Gi1/0/1\n".utf8) + good)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var problems: [ImportProblem] = []
        var rows: [ImportRow] = []
        _ = try TableReader.read(path: path, kind: .macTable, format: .csvMACTable, row: { rows.append($0) }, problem: { problems.append($0) })
        #expect(rows.map(\.mac) == ["04:03:12:00:00:01"])
        #expect(problems.map(\.line) == [1, 3])
        #expect(problems.first?.message.contains("longer than") == true)
    }

    @Test func invalidUTF8IsReadAsLatin1() throws {
        let path = try write([0xE9, 0x20] + Array("1796590000 04:03:12:0a:0b:0c 192.168.50.32 cam\u{E9}ra *\n".utf8.map { $0 }) )
        defer { try? FileManager.default.removeItem(atPath: path) }
        var problems = 0
        _ = try TableReader.read(path: path, kind: .dhcp, format: .dnsmasq, row: { _ in }, problem: { _ in problems += 1 })
        #expect(problems == 1)
    }
}

extension HostileInputTests {
    @Test func anEndlessNeighbourBlockStaysBounded() throws {
        var text = "Local Intf: Gi1/0/1\nChassis id: 0403.1200.0001\nSystem Description: \n"
        for index in 0..<20_000 { text += "line \(index) of a description that never ends\n" }
        for index in 0..<5_000 { text += "Key\(index): value\n" }
        let path = try write(Array(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var rows: [ImportRow] = []
        _ = try TableReader.read(path: path, kind: .lldp, format: .ciscoLLDP, row: { rows.append($0) }, problem: { _ in })
        #expect(rows.count == 1)
        #expect((rows.first?.systemDescription?.utf8.count ?? 0) <= CiscoLLDPParser.maxValue)
    }
}
