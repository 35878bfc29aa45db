import Foundation

/// Who is writing a running scan: the boot, the process and the open store. Opening the
/// inventory marks a `running` scan interrupted only when its owner is gone, so the timer's
/// `scheduled-run` (or a report the daemon writes) does not declare the daemon's open passive
/// scan dead while the daemon is still adding to it.
struct ScanOwner: Hashable, Sendable {
    let boot: String
    let process: Int32
    let store: UUID

    /// Stores open in this process, so a scan left running by a store that was closed without
    /// finishing it (a crash path inside a long-lived process, or a test) is still recognised.
    private static let openStores = OpenStores()

    static func opening() -> ScanOwner {
        let owner = ScanOwner(boot: currentBoot, process: getpid(), store: UUID())
        openStores.insert(owner.store)
        return owner
    }

    func closed() { Self.openStores.remove(store) }

    var serialized: String { "\(boot)/\(process)/\(store.uuidString)" }

    init(boot: String, process: Int32, store: UUID) {
        self.boot = boot
        self.process = process
        self.store = store
    }

    init?(serialized: String) {
        let parts = serialized.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, let process = Int32(parts[1]), let store = UUID(uuidString: String(parts[2])) else { return nil }
        self.init(boot: String(parts[0]), process: process, store: store)
    }

    /// False when the machine rebooted since, the process has exited, or (in this process) the
    /// store was closed. A recycled process id can make a dead owner look alive; the scan then
    /// stays `running` until that process ends, which errs on the side of not hiding evidence.
    var isAlive: Bool {
        guard boot == Self.currentBoot else { return false }
        if process == getpid() { return Self.openStores.contains(store) }
        return kill(process, 0) == 0 || errno == EPERM
    }

    static let currentBoot: String = {
        guard let text = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8) else { return "unknown-boot" }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }()
}

private final class OpenStores: @unchecked Sendable {
    private let lock = NSLock()
    private var stores: Set<UUID> = []

    func insert(_ store: UUID) { lock.withLock { _ = stores.insert(store) } }
    func remove(_ store: UUID) { lock.withLock { _ = stores.remove(store) } }
    func contains(_ store: UUID) -> Bool { lock.withLock { stores.contains(store) } }
}
