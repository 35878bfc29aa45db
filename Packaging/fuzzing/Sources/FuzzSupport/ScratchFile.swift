import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One scratch file per fuzzing process, for targets whose entry point reads a path (the pcap
/// reader, the table importer). Written with write(2), in memory (/dev/shm) where there is one:
/// FileManager.createFile writes a temporary file, fsyncs and renames it for every input,
/// which took a third of such a target's time.
public enum ScratchFile {
    public static func path(_ name: String) -> String {
        let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp")
        return directory + "/camaudit-fuzz-\(name)-\(getpid())"
    }

    public static func write(_ bytes: [UInt8], to path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { fatalError("cannot write \(path): \(String(cString: strerror(errno)))") }
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count else { fatalError("cannot write \(path): \(String(cString: strerror(errno)))") }
    }
}
