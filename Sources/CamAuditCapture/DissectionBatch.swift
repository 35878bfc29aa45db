import Dispatch
import Foundation

/// One batch of dissections running on every core while the reader decodes the next batch:
/// reading and decoding are one thread's work, so without the overlap the other cores idle
/// for as long as that takes. Batches are collected one after another, each in the order it
/// was made (the next may already be running), so what is recorded is what one thread would
/// have recorded.
///
/// The collecting thread takes the turns nobody has taken yet before it waits, and waits only
/// for dissections already running: on a machine with one core (or a process pinned to one)
/// libdispatch may not start the background lanes until its monitor notices the pool is
/// blocked, and a reader waiting for lanes that have not started stalled for up to a second
/// per batch.
final class DissectionBatch: @unchecked Sendable {
    let pending: [PendingDissection]
    // Written by whoever takes an index, each to its own, and read only once all are done.
    private let results: UnsafeMutableBufferPointer<Dissection?>
    private let turns: LaneWork.Turns
    private let progress = NSCondition()
    private var done = 0

    /// `queue`: where the lanes run (a test passes a suspended one to start them late).
    init(_ pending: [PendingDissection], lanes: Int, on queue: DispatchQueue = .global()) {
        self.pending = pending
        results = .allocate(capacity: pending.count)
        results.initialize(repeating: nil)
        turns = LaneWork.Turns(count: pending.count)
        // The block holds the batch, so a lane that starts late still finds it alive.
        queue.async { [self] in
            DispatchQueue.concurrentPerform(iterations: max(1, min(lanes, pending.count))) { _ in takeTurns() }
        }
    }

    private func takeTurns() {
        while let index = turns.take() {
            results[index] = pending[index].run()
            progress.lock()
            done += 1
            if done == pending.count { progress.broadcast() }
            progress.unlock()
        }
    }

    /// Finishes what no lane has started, waits for the rest, then hands each dissection to
    /// `body` in the batch's order.
    func collect(_ body: (PendingDissection, Dissection) -> Void) {
        takeTurns()
        progress.lock()
        while done < pending.count { progress.wait() }
        progress.unlock()
        for index in pending.indices {
            if let result = results[index] { body(pending[index], result) }
        }
    }

    deinit {
        // Every lane holds the batch while it runs, so none is left to write freed memory.
        results.deinitialize()
        results.deallocate()
    }
}
