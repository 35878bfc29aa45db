@testable import CamAuditCapture
import Foundation
import Testing

/// `LaneWork` hands every index to exactly one lane, whatever the number of lanes and items,
/// and a lane held up by one costly item does not hold back the rest.
@Suite struct LaneWorkTests {
    /// Visits per index, counted under a lock by whichever lane made them.
    final class Visits: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [Int]
        private var threads = Set<UInt>()

        init(_ count: Int) { counts = Array(repeating: 0, count: count) }

        func visit(_ index: Int) {
            lock.lock()
            defer { lock.unlock() }
            counts[index] += 1
            threads.insert(UInt(pthread_self()))
        }

        var all: [Int] { lock.withLock { counts } }
        var threadCount: Int { lock.withLock { threads.count } }
    }

    @Test(arguments: [0, 1, 2, 7, 1024, 5000], [1, 2, 3, 8])
    func everyIndexIsVisitedOnce(count: Int, lanes: Int) {
        let visits = Visits(count)
        LaneWork.forEach(count: count, lanes: lanes) { visits.visit($0) }
        #expect(visits.all == Array(repeating: 1, count: count))
    }

    /// Item 0 waits until every other item is done. Lanes taking turns finish them on the other
    /// lane meanwhile; fixed strides would have left half of them to the waiting lane, and the
    /// wait would run out.
    @Test func aHeldUpLaneDoesNotHoldBackTheOthers() {
        let count = 200
        let visits = Visits(count)
        let othersDone = DispatchSemaphore(value: 0)
        let remaining = Visits(1)
        let waited = Visits(1)
        LaneWork.forEach(count: count, lanes: 2) { index in
            visits.visit(index)
            if index == 0 {
                if othersDone.wait(timeout: .now() + 10) == .success { waited.visit(0) }
            } else {
                remaining.visit(0)
                if remaining.all[0] == count - 1 { othersDone.signal() }
            }
        }
        #expect(visits.all == Array(repeating: 1, count: count))
        // libdispatch may run both lanes on one thread when no other is free; then nothing
        // could overlap, and the wait ran out for that reason.
        if visits.threadCount > 1 {
            #expect(waited.all[0] == 1)
        }
    }
}
