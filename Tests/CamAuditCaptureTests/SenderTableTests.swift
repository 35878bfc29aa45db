@testable import CamAuditCapture
import CamAuditModel
import Foundation
import Testing

@Suite struct SenderTableTests {
    static func key(_ index: Int) -> SenderKey {
        SenderKey(mac: MACAddress(value: 0x0200_0000_0000 | UInt64(index)), ip: IPAddress(ipv4: 0x0A00_0000 | UInt32(index)))
    }

    /// Lookups that alternate between senders, repeat one, miss, and cross the table's growth
    /// all answer the position in the list: the remembered last two never outlive their truth.
    @Test func rememberedLookupsAgreeWithTheList() {
        var senders = ContiguousArray<PassiveDevice>()
        var table = SenderTable()
        for index in 0..<300 {
            #expect(table.position(of: Self.key(index), in: senders) == nil)
            senders.append(PassiveDevice(key: Self.key(index), reference: .none, time: Date(timeIntervalSince1970: 0)))
            table.insert(Self.key(index), at: index, in: senders)
            for back in [index, max(0, index - 1), index, index / 2, index, max(0, index - 1)] {
                #expect(table.position(of: Self.key(back), in: senders) == back, "after \(index) senders, sender \(back)")
            }
        }
        // A table rebuilt for a shorter list (devices forgotten) places the survivors anew.
        let survivors = ContiguousArray(senders.enumerated().filter { $0.offset % 3 == 0 }.map(\.element))
        var rebuilt = SenderTable(survivors)
        for (position, sender) in survivors.enumerated() {
            #expect(rebuilt.position(of: sender.key, in: survivors) == position)
        }
        #expect(rebuilt.position(of: Self.key(1), in: survivors) == nil)
    }
}
