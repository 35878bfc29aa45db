import Foundation

/// Runs blocking work (a child process to its end, a wait) on a thread of its own and waits for
/// it without holding a thread. Swift Testing runs tests on the cooperative pool, one thread per
/// core: a test that blocked a pool thread for a whole CLI run left the async tests beside it (the
/// scanner's loopback tests) without a thread, and their scans took ten times as long.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

extension Process {
    /// `waitUntilExit` without holding a pool thread.
    public func exited() async {
        _ = try? await offThePool { self.waitUntilExit() }
    }
}

extension FileHandle {
    /// `readDataToEndOfFile` (until the writer closes: usually its process's end) without
    /// holding a pool thread.
    public func readToEnd() async -> Data {
        (try? await offThePool { self.readDataToEndOfFile() }) ?? Data()
    }
}
