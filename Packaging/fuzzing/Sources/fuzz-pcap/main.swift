import CamAuditCapture
import Foundation
import FuzzSupport
#if canImport(Glibc)
import Glibc
#endif

// `camaudit analyze FILE`: the input is a whole capture file (pcap or pcapng), read through
// libpcap by PcapFileReader, decoded, reassembled, dissected and classified. The reader takes
// a path, so each input is first written to one scratch file per process: with write(2), in
// memory (/dev/shm) where there is one. FileManager.createFile writes a temporary file, fsyncs
// and renames it, which was a third of this target's time.
let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp")
let scratch = directory + "/camaudit-fuzz-pcap-\(getpid()).pcap"
_ = PassiveAnalyzer().finish()  // compiles the signature table once, outside every input's budget
atexit { unlink(scratch) }
// Every step on this thread: work left to libdispatch's workers frees memory after the input
// returns, and libFuzzer then runs a full leak scan after every such input (60 % of the time).
var oneLane = PassiveAnalyzer.Options()
oneLane.lanes = 1
fuzz { input in
    let descriptor = open(scratch, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard descriptor >= 0 else { fatalError("cannot write \(scratch): \(String(cString: strerror(errno)))") }
    let written = input.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    close(descriptor)
    guard written == input.count else { fatalError("cannot write \(scratch): \(String(cString: strerror(errno)))") }
    let analyzer = PassiveAnalyzer(options: oneLane)
    _ = try? analyzer.analyze(path: scratch)
    _ = analyzer.finish()
}
