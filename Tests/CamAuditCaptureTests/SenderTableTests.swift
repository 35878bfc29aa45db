@testable import CamAuditCapture
import CamAuditModel
import Foundation
import Testing

/// The analyser finds each sender's record through `SenderTable`: every key it was given comes
/// back at its position, keys it was not given are absent, through growth and rebuilding.
@Suite struct SenderTableTests {
    static func key(_ number: Int) -> SenderKey {
        switch number % 3 {
        case 0: SenderKey(mac: MACAddress(value: UInt64(0x02_00_00_00_00_00 + number)), ip: nil)
        case 1: SenderKey(mac: nil, ip: IPAddress(ipv4: UInt32(0x0A00_0000 + number)))
        default: SenderKey(mac: MACAddress(value: 0x02_00_00_00_00_01), ip: IPAddress(ipv6: 0x2001_0db8 << 32, UInt64(number)))
        }
    }

    @Test func everyKeyIsFoundAtItsPositionThroughGrowth() {
        var senders: ContiguousArray<PassiveDevice> = []
        var table = SenderTable()
        let time = Date(timeIntervalSince1970: 0)
        for number in 0..<20_000 {
            #expect(table.position(of: Self.key(number), in: senders) == nil)
            senders.append(PassiveDevice(key: Self.key(number), reference: .none, time: time))
            table.insert(Self.key(number), at: senders.count - 1, in: senders)
        }
        for number in stride(from: 0, to: 20_000, by: 7) {
            #expect(table.position(of: Self.key(number), in: senders) == number)
        }
        #expect(table.position(of: Self.key(20_000), in: senders) == nil)
        #expect(table.position(of: SenderKey(mac: MACAddress(value: 0x02_00_00_00_00_01), ip: nil), in: senders) == nil)

        // Rebuilt for a shorter list, as after forgetting senders.
        let kept = ContiguousArray(senders.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        let rebuilt = SenderTable(kept)
        #expect(rebuilt.position(of: Self.key(10), in: kept) == 5)
        #expect(rebuilt.position(of: Self.key(11), in: kept) == nil)
    }

    @Test func aMACIsSpelledLowerCaseWithItsLeadingZeros() {
        #expect(MACAddress(value: 0x0012_34AB_CDEF).description == "00:12:34:ab:cd:ef")
        #expect(MACAddress(value: 0xFFFF_FFFF_FFFF).description == "ff:ff:ff:ff:ff:ff")
        #expect(MACAddress(value: 0).description == "00:00:00:00:00:00")
        #expect(MACAddress(value: 0x0A0B_0C0D_0E0F).description == "0a:0b:0c:0d:0e:0f")
    }
}
