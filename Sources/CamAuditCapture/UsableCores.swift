import Foundation

/// The cores this process may run on. `ProcessInfo.activeProcessorCount` counts the machine's
/// online cores and ignores the process's CPU affinity (taskset, a cpuset container, systemd's
/// CPUAffinity=), so a process held to one core would still split its work into lanes that can
/// only take turns on it.
enum UsableCores {
    static var count: Int {
        let online = ProcessInfo.processInfo.activeProcessorCount
        // Glibc's module does not import sched_getaffinity (it needs _GNU_SOURCE); the kernel
        // states the same mask in /proc/self/status.
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let allowed = allowed(inStatus: status) else { return online }
        return min(online, allowed)
    }

    /// The cores in the "Cpus_allowed:" line (hex words separated by commas), nil without one.
    static func allowed(inStatus status: String) -> Int? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else { return nil }
        let count = line.dropFirst("Cpus_allowed:".count).reduce(0) { count, character in
            count + (character.hexDigitValue?.nonzeroBitCount ?? 0)
        }
        return count > 0 ? count : nil
    }
}
