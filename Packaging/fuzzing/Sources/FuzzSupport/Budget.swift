import CFuzzBudget
#if canImport(Glibc)
import Glibc
#endif

/// The bars for one input: a hostile device must not stall a scan or the daemon.
public enum Budget {
    /// CPU time per input (the process's CPU time, every thread's, so that other processes on a
    /// shared machine do not count and the analyser's dissection threads do); measured on the instrumented build, which is slower than the shipped one.
    /// FUZZ_CPU_MS overrides it (a tiny value shows the check firing).
    public static let cpuMilliseconds = getenv("FUZZ_CPU_MS").flatMap { Double(String(cString: $0)) } ?? 100
    /// Live heap growth per input; FUZZ_HEAP_MB overrides it.
    public static let heapBytes = (getenv("FUZZ_HEAP_MB").flatMap { Int(String(cString: $0)) } ?? 64) << 20

    /// Runs one input and aborts (libFuzzer then saves it as a crash) when it breaks a bar.
    /// FUZZ_NO_BUDGET=1 lifts the bars (to reproduce or minimise a crash of another kind).
    static func run(_ body: () -> Void) {
        guard enforced else { return body() }
        fuzz_budget_begin()
        body()
        var milliseconds = 0.0
        var peak = 0
        fuzz_budget_end(&milliseconds, &peak)
        if milliseconds > cpuMilliseconds {
            fail("input took \(Int(milliseconds)) ms of CPU, over the \(Int(cpuMilliseconds)) ms budget")
        }
        if peak > heapBytes {
            fail("input grew the heap by \(peak) bytes, over the \(heapBytes >> 20) MiB budget")
        }
    }

    static let enforced = getenv("FUZZ_NO_BUDGET") == nil

    static func fail(_ message: String) -> Never {
        let line = Array("==budget== \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        abort()
    }
}
