import Dispatch

/// One batch of dissections running on every core while the reader decodes the next batch:
/// reading and decoding are one thread's work, so without the overlap the other cores idle
/// for as long as that takes. Batches are collected one after another, each in the order it
/// was made (the next may already be running), so what is recorded is what one thread would
/// have recorded.
final class DissectionBatch: @unchecked Sendable {
    let pending: [PendingDissection]
    // Written by the lanes, each to its own indices, and read only after `finished` is left.
    private let results: UnsafeMutableBufferPointer<Dissection?>
    private let finished = DispatchGroup()

    init(_ pending: [PendingDissection], lanes: Int) {
        self.pending = pending
        results = .allocate(capacity: pending.count)
        results.initialize(repeating: nil)
        finished.enter()
        DispatchQueue.global().async { [self] in
            LaneWork.forEach(count: self.pending.count, lanes: lanes) { index in
                self.results[index] = self.pending[index].run()
            }
            finished.leave()
        }
    }

    /// Waits for the lanes, then hands each dissection to `body` in the batch's order.
    func collect(_ body: (PendingDissection, Dissection) -> Void) {
        finished.wait()
        for index in pending.indices {
            if let result = results[index] { body(pending[index], result) }
        }
    }

    deinit {
        // A batch is always collected before it is dropped; wait anyway so no lane writes freed memory.
        finished.wait()
        results.deinitialize()
        results.deallocate()
    }
}
