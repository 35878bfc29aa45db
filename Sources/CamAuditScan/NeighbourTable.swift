import Foundation

/// The kernel's IPv4 neighbour (ARP) table, /proc/net/arp: the MACs the kernel resolved while
/// the probes went out, for on-link hosts. Needs no privilege. Re-read at most twice a second.
final class NeighbourTable: @unchecked Sendable {
    private let path: String
    private let lock = NSLock()
    private var entries: [UInt32: String] = [:]
    private var readAt = -Double.infinity
    private let clock = SystemScanClock()

    init(path: String = "/proc/net/arp") {
        self.path = path
    }

    /// The MAC of a resolved (complete) entry, lowercase with colons.
    func mac(for address: ScanAddress) -> String? {
        guard let value = address.ipv4 else { return nil }
        return lock.withLock {
            if clock.now() - readAt > 0.5 || entries[value] == nil && clock.now() - readAt > 0.05 {
                entries = Self.parse((try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
                readAt = clock.now()
            }
            return entries[value]
        }
    }

    /// `IP address  HW type  Flags  HW address  Mask  Device`; flag 0x2 marks a complete entry.
    static func parse(_ text: String) -> [UInt32: String] {
        var out: [UInt32: String] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let columns = line.split(whereSeparator: \.isWhitespace)
            guard columns.count >= 4, let address = ScanAddress(String(columns[0]))?.ipv4,
                  let flags = UInt32(columns[2].dropFirst(2), radix: 16), flags & 0x2 != 0 else { continue }
            let mac = columns[3].lowercased()
            guard mac.count == 17, mac != "00:00:00:00:00:00" else { continue }
            out[address] = mac
        }
        return out
    }
}
