@testable import CamAuditCapture
import CamAuditModel
import Foundation
import Testing

/// DHIP carried over TCP: Dahua door stations on 5000, and Dahua's framing on any port.
@Suite struct DHIPStreamTests {
    /// A Dahua door station's DHIP on TCP 5000 (evaluation ev6-rr460-1 and -2: a login error
    /// answer, then an event push): the stream's messages are read one after the other.
    @Test func dhipOnTCP5000IsReadMessageByMessage() throws {
        func hex(_ text: String) -> [UInt8] {
            stride(from: 0, to: text.count, by: 2).map { UInt8(text.dropFirst($0).prefix(2), radix: 16)! }
        }
        let answer = hex("20000000444849501480811912000000860000000000000086000000000000007b226572726f72223a7b22636f6465223a3236383935393734332c226d657373616765223a22556e6b6e6f776e206572726f7221206572726f7220636f646520776173206e6f742073657420696e207365727669636521227d2c226964223a31382c22726573756c74223a66616c73652c2273657373696f6e223a3432373931373333327d0a")
        let push = hex("20000000444849501480811908000000ff00000000000000ff000000000000007b226964223a382c226d6574686f64223a22636c69656e742e6e6f746966794576656e7453747265616d222c22706172616d73223a7b22534944223a3531332c226576656e744c697374223a5b7b22416374696f6e223a2250756c7365222c22436f6465223a225349505265676973746572526573756c74222c2244617461223a7b224c6f63616c6554696d65223a22323032352d30322d31372032333a30373a3037222c225265616c555443223a313733393833303032372c2253756363657373223a747275652c22555443223a313733393833303032372e307d2c22496e646578223a307d5d7d2c2273657373696f6e223a3432373931373333327d0a")
        let station = FixtureBuilder.Host(mac: "02:77:00:00:00:55", ip: "10.77.0.55")
        let frames = Frames.tcpExchange(client: FixtureBuilder.workstation, server: station, clientPort: 52100, serverPort: 5000,
                                        request: Array("login".utf8), response: answer + push, splitAt: [answer.count], order: [0, 1])
        let device = Run.frames(frames).1.first { $0.key.description == station.mac }
        #expect(device?.observations.contains { $0.field == ObservationField.dhipMethod && $0.value == "client.notifyEventStream" } == true)
        #expect(device?.classification.identity.maker == "dahua")
        // Anything else on 5000 (a NAS's web interface over raw TCP, say) is left alone.
        let other = Frames.tcpExchange(client: FixtureBuilder.workstation, server: station, clientPort: 52101, serverPort: 5000,
                                       request: Array("hello".utf8), response: Array(repeating: 0x41, count: 64), splitAt: [], order: [0])
        #expect(Run.frames(other).0.counters.decodeErrors["tcp.unrecognised-stream"] == nil)
    }
}
