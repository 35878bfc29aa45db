import Foundation

/// The addresses a scan may send to, fixed before anything is sent. Every send site checks
/// `contains` again (defence in depth), so a bug elsewhere cannot reach an address outside it.
public struct ScanScope: Sendable {
    /// The default `--max-hosts`: a /16, the largest block a district usually hands a tool.
    public static let defaultMaximumHosts = 65_536

    /// What the user asked for, as written (for the inventory's scan description).
    public let targets: [String]
    public let exclusions: [String]
    /// Included addresses after exclusions, as disjoint runs in ascending order.
    let intervals: [AddressInterval]
    public let count: Int
    /// `--ipv6-link-local IFACE`: the fe80::/64 addresses that answer link-local discovery on
    /// that interface are in scope too, and only those; they are found at scan time, so they
    /// are not in `count` or `addresses`.
    public let linkLocal: LinkLocalSegment?
    /// The exclusions, kept to apply to link-local addresses found at scan time.
    let excluded: [AddressInterval]
    /// `--max-hosts`: link-local addresses found at scan time count against it too.
    public let maximumHosts: Int

    /// Builds and checks the scope. Throws when an item does not parse, when the scope reaches
    /// public space and `allowPublic` is false, when it touches addresses that are never hosts,
    /// when nothing is left after the exclusions, or when more than `maximumHosts` remain.
    ///
    /// `linkLocal` (an interface resolved by `LinkLocalSegment.resolve`) adds the link-local
    /// addresses that answer discovery on that interface; then the targets may be empty.
    public init(targets: [String], exclusions: [String] = [], allowPublic: Bool = false, maximumHosts: Int = ScanScope.defaultMaximumHosts,
                linkLocal: LinkLocalSegment? = nil) throws(ScopeError) {
        let targetItems = targets.flatMap(ScopeSyntax.items)
        let exclusionItems = exclusions.flatMap(ScopeSyntax.items)
        guard !targetItems.isEmpty || linkLocal != nil else {
            throw ScopeError(.empty, "no targets: give addresses, CIDR blocks or ranges (e.g. 10.1.0.0/24), or --targets-file FILE")
        }
        var included: [AddressInterval] = []
        for item in targetItems {
            let interval = try ScopeSyntax.interval(item, skipNetworkAndBroadcast: true)
            if let block = AddressSpace.nonHostBlock(interval) {
                throw ScopeError(.notAllowed, "'\(item)' reaches \(block), which holds no hosts; multicast discovery is the --multicast switch")
            }
            if !allowPublic && !AddressSpace.isPrivate(interval) {
                throw ScopeError(.notAllowed, "'\(item)' is public address space; camaudit scans private networks (RFC 1918, 100.64/10, link-local, loopback, IPv6 ULA/link-local) unless --allow-public is given, and only networks you are authorised to audit")
            }
            included.append(interval)
        }
        var excluded: [AddressInterval] = []
        for item in exclusionItems {
            excluded.append(try ScopeSyntax.interval(item, skipNetworkAndBroadcast: false))
        }
        let remaining = Self.normalized(included, minus: excluded)
        let count = remaining.reduce(0) { $0.addingReportingOverflow($1.count).overflow ? Int.max : $0 + $1.count }
        guard count > 0 || (linkLocal != nil && targetItems.isEmpty) else {
            throw ScopeError(.empty, "every target address is excluded (targets: \(targetItems.joined(separator: " ")); excluded: \(exclusionItems.joined(separator: " "))); nothing would be scanned: check --exclude")
        }
        guard count <= maximumHosts else {
            throw ScopeError(.tooLarge, "the scope holds \(count == Int.max ? "more than 2^63" : String(count)) addresses, over the limit of \(maximumHosts); narrow the targets or raise --max-hosts")
        }
        self.targets = targetItems
        self.exclusions = exclusionItems
        self.intervals = remaining
        self.count = count
        self.linkLocal = linkLocal
        self.excluded = excluded
        self.maximumHosts = maximumHosts
    }

    /// Reads targets from a file: one or more per line, `#` comments.
    public static func targets(fromFile path: String) throws(ScopeError) -> [String] {
        let text: String
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            // A targets file is a list of blocks; 16 MiB is far beyond any real one.
            let data = try handle.read(upToCount: 16 << 20) ?? Data()
            text = String(decoding: data, as: UTF8.self)
        } catch {
            throw ScopeError(.unreadable, "cannot read the targets file \(path): \(error.localizedDescription)")
        }
        return ScopeSyntax.items(text)
    }

    public func contains(_ address: ScanAddress) -> Bool {
        if intervals.contains(where: { $0.contains(address) }) { return true }
        // A link-local address is on-link by definition, and sends to it carry the segment's
        // interface as their scope id (`scopeID(for:)`): nothing else is added.
        return linkLocal != nil && LinkLocalSegment.isLinkLocal(address) && !excluded.contains { $0.contains(address) }
    }

    /// The scope id a send to `address` needs: the link-local segment's interface for fe80::/64,
    /// else 0 (RFC 4007 §6: a link-local address is ambiguous without its zone).
    public func scopeID(for address: ScanAddress) -> UInt32 {
        guard let linkLocal, LinkLocalSegment.isLinkLocal(address) else { return 0 }
        return linkLocal.index
    }

    /// Every address, ascending (at most `count`, which the cap bounds).
    public var addresses: [ScanAddress] {
        var out: [ScanAddress] = []
        out.reserveCapacity(count)
        for interval in intervals {
            var value = interval.lower
            while true {
                out.append(interval.address(value))
                if value == interval.upper { break }
                value += 1
            }
        }
        return out
    }

    /// One line for logs and the inventory: `10.0.0.1-10.0.0.254 minus 10.0.0.7 (253 addresses)`.
    public var summary: String {
        let blocks = intervals.prefix(8).map(\.description).joined(separator: ", ") + (intervals.count > 8 ? ", …" : "")
        let linkLocalPart = linkLocal.map { "fe80::/64 on \($0.name) (addresses that answer link-local discovery)" }
        guard !intervals.isEmpty else { return linkLocalPart ?? "(0 addresses)" }
        return "\(blocks) (\(count) address\(count == 1 ? "" : "es"))" + (linkLocalPart.map { " and " + $0 } ?? "")
    }

    /// Sorted, merged, exclusions removed.
    static func normalized(_ included: [AddressInterval], minus excluded: [AddressInterval]) -> [AddressInterval] {
        var pieces = included
        for exclusion in excluded {
            pieces = pieces.flatMap { $0.subtracting(exclusion) }
        }
        pieces.sort { ($0.isIPv6 ? 1 : 0, $0.high, $0.lower) < ($1.isIPv6 ? 1 : 0, $1.high, $1.lower) }
        var merged: [AddressInterval] = []
        for piece in pieces {
            if var last = merged.last, last.sameSpace(piece), last.upper == UInt64.max || piece.lower <= last.upper + 1 {
                last.upper = max(last.upper, piece.upper)
                merged[merged.count - 1] = last
            } else {
                merged.append(piece)
            }
        }
        return merged
    }
}
