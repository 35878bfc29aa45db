import CamAuditCapture
import Foundation
import FuzzSupport

// The packet decoder and TCP reassembly without the file format around them: the first byte
// picks the link type, then frames follow as a 2-byte big-endian length and that many bytes,
// one second apart, fed to PassiveAnalyzer.ingest as a live capture feeds them; finish()
// flushes the streams still open through the dissectors and the matcher.
let linkTypes = LinkType.supported.sorted()
_ = PassiveAnalyzer().finish()  // compiles the signature table once, outside every input's budget
// Every step on this thread: work left to libdispatch's workers frees memory after the input
// returns, and libFuzzer then runs a full leak scan after every such input (60 % of the time).
var oneLane = PassiveAnalyzer.Options()
oneLane.lanes = 1
fuzz { input in
    guard let selector = input.first else { return }
    let linkType = linkTypes[Int(selector) % linkTypes.count]
    let analyzer = PassiveAnalyzer(options: oneLane)
    var offset = 1
    var number = 0
    while offset + 2 <= input.count {
        let length = Int(input[offset]) << 8 | Int(input[offset + 1])
        let end = min(input.count, offset + 2 + length)
        number += 1
        analyzer.ingest(Array(input[(offset + 2)..<end]), linkType: linkType, time: Date(timeIntervalSince1970: Double(number)), file: "fuzz", packetNumber: number)
        offset = end
    }
    _ = analyzer.finish()
}
