@testable import CamAuditScan
import Testing

@Suite struct NeighbourMessageTests {
    /// The RTM_NEWNEIGH request as the kernel parses it: header length = whole message, ndmsg
    /// REACHABLE on the interface, NDA_DST then NDA_LLADDR, each padded to four bytes.
    @Test func laysOutARequestTheKernelAccepts() {
        let bytes = NeighbourMessage(interfaceIndex: 7, address: [10, 77, 1, 2], mac: [0x44, 0x19, 0xB6, 0, 0, 1]).bytes
        func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
        #expect(bytes.count == 16 + 12 + 8 + 12)
        #expect(Int(u32(0)) == bytes.count)
        #expect(u16(4) == 28)                                  // RTM_NEWNEIGH
        #expect(u16(6) == 0x0501)                              // REQUEST | REPLACE | CREATE
        #expect(bytes[16] == 2)                                // AF_INET
        #expect(u32(20) == 7)                                  // ifindex
        #expect(u16(24) == 0x02)                               // NUD_REACHABLE
        #expect(u16(28) == 8 && u16(30) == 1 && Array(bytes[32..<36]) == [10, 77, 1, 2])
        #expect(u16(36) == 10 && u16(38) == 2 && Array(bytes[40..<46]) == [0x44, 0x19, 0xB6, 0, 0, 1])
        #expect(Array(bytes[46..<48]) == [0, 0])
    }
}
