#if canImport(Glibc)
import Glibc
#endif

/// glibc keeps what a burst freed (a scan run, a report, a backlog of captured packets) in its
/// arenas. Handing it back after each burst keeps a long-running daemon's resident size at what
/// it uses now rather than at the highest peak it ever had.
enum FreedMemory {
    /// `malloc_trim` is glibc's own (malloc.h, not in the Glibc module): looked up once, absent
    /// on other C libraries.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()

    static func handBack() {
        _ = mallocTrim?(0)
    }
}
