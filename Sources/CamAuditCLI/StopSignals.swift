import Foundation

/// SIGINT and SIGTERM stop a long-running command (a capture, a fleet) instead of the process,
/// so it can finish cleanly. A second signal ends the process the default way, for a capture that hangs.
///
/// The handler is installed synchronously (a dispatch signal source registers later, and a
/// signal in between would be ignored) and only does what is safe in a handler: it writes a
/// byte to a pipe. A thread reading the pipe does the stopping.
final class StopSignals: @unchecked Sendable {
    private static let numbers = [SIGINT, SIGTERM]
    /// The pipe's write end, read by the C handler; one listen per process.
    nonisolated(unsafe) private static var writeEnd: Int32 = -1
    private var descriptors: [Int32] = [-1, -1]

    init(_ stop: @escaping @Sendable () -> Void) {
        guard pipe(&descriptors) == 0 else { return }
        let readEnd = descriptors[0]
        Self.writeEnd = descriptors[1]
        let thread = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count < 0 && errno == EINTR { continue }
                // EOF: cancel() closed the write end.
                guard count == 1 else { break }
                for number in StopSignals.numbers { signal(number, SIG_DFL) }
                stop()
            }
            close(readEnd)
        }
        thread.name = "camaudit-signals"
        thread.start()
        for number in Self.numbers {
            signal(number) { _ in
                var byte: UInt8 = 1
                _ = write(StopSignals.writeEnd, &byte, 1)
            }
        }
    }

    func cancel() {
        for number in Self.numbers { signal(number, SIG_DFL) }
        if descriptors[1] >= 0 { close(descriptors[1]) }
        descriptors[1] = -1
    }
}
