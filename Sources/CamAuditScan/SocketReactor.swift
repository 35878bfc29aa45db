import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One thread that polls every socket the scan has open and resumes the task waiting on each:
/// thousands of concurrent connections cost a file descriptor and a continuation each, not a
/// thread each. Sockets stay non-blocking; tasks do the reads and writes themselves.
final class SocketReactor: @unchecked Sendable {
    enum Readiness: Sendable { case ready, timedOut }

    private struct Waiter {
        var fd: Int32
        var events: Int16
        var deadline: Double
        var continuation: CheckedContinuation<Readiness, Never>
    }

    private let lock = NSLock()
    private var waiters: [Int: Waiter] = [:]
    private var nextID = 0
    private var stopping = false
    private var wakeRead: Int32 = -1
    private var wakeWrite: Int32 = -1
    private let clock = SystemScanClock()

    init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            }
            wakeRead = ends[0]
            wakeWrite = ends[1]
        }
        let thread = Thread { [self] in loop() }
        thread.name = "camaudit-sockets"
        thread.start()
    }

    /// Ends the polling thread; waiters still registered are resumed as timed out.
    func stop() {
        lock.withLock { stopping = true }
        wake()
    }

    /// Suspends until `fd` is ready for `events` (POLLIN/POLLOUT) or `timeout` seconds pass.
    func wait(_ fd: Int32, events: Int16, timeout: Double) async -> Readiness {
        await withCheckedContinuation { continuation in
            let registered: Bool = lock.withLock {
                guard !stopping else { return false }
                nextID += 1
                waiters[nextID] = Waiter(fd: fd, events: events, deadline: clock.now() + max(0, timeout), continuation: continuation)
                return true
            }
            if registered { wake() } else { continuation.resume(returning: .timedOut) }
        }
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    private func loop() {
        var fds: [pollfd] = []
        var ids: [Int] = []
        while true {
            fds.removeAll(keepingCapacity: true)
            ids.removeAll(keepingCapacity: true)
            fds.append(pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0))
            var nearest = Double.infinity
            let done: Bool = lock.withLock {
                for (id, waiter) in waiters {
                    fds.append(pollfd(fd: waiter.fd, events: waiter.events, revents: 0))
                    ids.append(id)
                    nearest = min(nearest, waiter.deadline)
                }
                return stopping
            }
            if done { break }
            let now = clock.now()
            let timeout = nearest.isFinite ? Int32(max(0, min(1000, ((nearest - now) * 1000).rounded(.up)))) : 1000
            let result = poll(&fds, nfds_t(fds.count), timeout)
            if result < 0 && errno != EINTR { Thread.sleep(forTimeInterval: 0.001) }
            if fds[0].revents != 0 {
                var drain = [UInt8](repeating: 0, count: 256)
                while read(wakeRead, &drain, drain.count) > 0 {}
            }
            let after = clock.now()
            var resumed: [(CheckedContinuation<Readiness, Never>, Readiness)] = []
            lock.withLock {
                for (index, id) in ids.enumerated() {
                    guard let waiter = waiters[id] else { continue }
                    if fds[index + 1].revents != 0 {
                        resumed.append((waiter.continuation, .ready))
                        waiters[id] = nil
                    } else if waiter.deadline <= after {
                        resumed.append((waiter.continuation, .timedOut))
                        waiters[id] = nil
                    }
                }
            }
            for (continuation, readiness) in resumed { continuation.resume(returning: readiness) }
        }
        let remaining = lock.withLock { () -> [Waiter] in
            let all = Array(waiters.values)
            waiters.removeAll()
            return all
        }
        for waiter in remaining { waiter.continuation.resume(returning: .timedOut) }
        close(wakeRead)
        close(wakeWrite)
    }
}
