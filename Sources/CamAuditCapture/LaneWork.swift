import Dispatch
import Foundation

/// Work spread over several threads by taking turns: each lane takes the next item nobody has
/// taken yet. Fixed strides (lane k takes k, k + lanes, …) left a core idle whenever one lane
/// started late or met the costly items — a generated or real capture repeats its devices in a
/// pattern, so every other device can be the expensive one.
enum LaneWork {
    /// Calls `body` once for every index in `0..<count`, on up to `lanes` threads (the calling
    /// thread among them; with one lane, only it: nothing goes to libdispatch), and returns when
    /// all are done.
    static func forEach(count: Int, lanes: Int, _ body: @Sendable (Int) -> Void) {
        let lanes = Swift.max(1, Swift.min(lanes, count))
        guard lanes > 1 else {
            for index in 0..<count { body(index) }
            return
        }
        let turns = Turns(count: count)
        DispatchQueue.concurrentPerform(iterations: lanes) { _ in
            while let index = turns.take() { body(index) }
        }
    }

    /// The next index to hand out. A lock, not an atomic: a turn is one dissection or one
    /// device's report (microseconds), so the lock is never what the lanes wait on.
    final class Turns: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private let count: Int

        init(count: Int) { self.count = count }

        func take() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < count else { return nil }
            next += 1
            return next - 1
        }
    }
}
