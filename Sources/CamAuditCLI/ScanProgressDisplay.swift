import CamAuditScan
import Foundation

/// The status line on a terminal: hosts done/total, found, covered, rate and ETA. Silent when
/// stderr is not a terminal, so logs and pipes stay clean.
final class ScanProgressDisplay: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var lastDrawn = -Double.infinity
    private var drawn = false

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func update(_ progress: ScanProgress) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        guard progress.elapsed - lastDrawn >= 0.2 || progress.done == progress.total else { return }
        lastDrawn = progress.elapsed
        drawn = true
        let rate = progress.elapsed > 0 ? Double(progress.sent) / progress.elapsed : 0
        let remaining = progress.done > 0 ? progress.elapsed / Double(progress.done) * Double(progress.total - progress.done) : 0
        Output.status("scan: \(progress.done)/\(progress.total) hosts, \(progress.found) found, \(progress.covered) covered, \(Int(rate)) probes/s (cap \(Int(progress.currentRate))), ETA \(Int(remaining.rounded(.up))) s")
    }

    func finish() {
        lock.withLock { if drawn { Output.clearStatus() } }
    }
}
