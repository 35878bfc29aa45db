import CFuzzBudget
#if canImport(Glibc)
import Glibc
#endif

nonisolated(unsafe) private var current: (([UInt8]) -> Void)?

/// Hands the process to libFuzzer, which calls `body` with each input under the budget. The
/// targets are ordinary executables with a main (SwiftPM links one), so libFuzzer is entered
/// through LLVMFuzzerRunDriver rather than its own main; whatever main did before this call
/// (compiling the signature table, say) stays out of every input's budget.
public func fuzz(_ body: @escaping ([UInt8]) -> Void) -> Never {
    current = body
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        Budget.run { current?(input) }
        return 0
    })
}
