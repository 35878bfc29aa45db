import CamAuditCapture
import Foundation
import FuzzSupport

// `camaudit analyze FILE`: the input is a whole capture file (pcap or pcapng), read through
// libpcap by PcapFileReader, decoded, reassembled, dissected and classified. The reader takes
// a path, so each input is first written to one scratch file per process.
let scratch = ScratchFile.path("pcap")
_ = PassiveAnalyzer().finish()  // compiles the signature table once, outside every input's budget
atexit { unlink(scratch) }
// Every step on this thread: work left to libdispatch's workers frees memory after the input
// returns, and libFuzzer then runs a full leak scan after every such input (60 % of the time).
var oneLane = PassiveAnalyzer.Options()
oneLane.lanes = 1
fuzz { input in
    ScratchFile.write(input, to: scratch)
    let analyzer = PassiveAnalyzer(options: oneLane)
    _ = try? analyzer.analyze(path: scratch)
    _ = analyzer.finish()
}
