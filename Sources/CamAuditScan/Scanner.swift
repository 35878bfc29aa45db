import CamAuditMatching
import CamAuditSignatures
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a scan: every address of the scope probed once, at most `concurrency` at a time, every
/// send paced by the rate limiter and checked against the scope.
public enum Scanner {
    /// Scans and returns one result per address, ascending. `progress` is called after each host.
    /// Pass a `log` to record every request (tests; `--log-requests`). Cancelling the calling task
    /// (a daemon shutting down) starts no new host; the hosts in flight finish and are returned.
    public static func run(scope: ScanScope, settings: ScanSettings, log: RequestLog? = nil, clock: any ScanClock = SystemScanClock(),
                           progress: (@Sendable (ScanProgress) -> Void)? = nil) async throws -> ScanReport {
        let started = Date()
        let startTime = clock.now()
        raiseFileLimit()
        let limiter = RateLimiter(globalRate: settings.globalRate, hostRate: settings.hostRate, arpRate: settings.arpRate, clock: clock)
        let gate = SendGate(scope: scope, limiter: limiter, log: log)
        let reactor = SocketReactor()
        let udp = UDPDiscovery(reactor: reactor, scope: scope)
        let http = CurlHTTPClient(connectTimeout: settings.timeout, totalTimeout: settings.timeout * 2)
        let interfaces = LocalInterface.current()
        var notices: [String] = []
        let arp = settings.arp ? ARPSweeper(interfaces: interfaces, gate: gate) : nil
        if let notice = arp?.notice { notices.append(notice) }
        let usableARP = arp.flatMap { sweeper in interfaces.contains(where: sweeper.covers) ? sweeper : nil }
        let prober = HostProber(gate: gate, reactor: reactor, udp: udp, http: http, settings: settings, neighbours: NeighbourTable(),
                                ipv6Neighbours: scope.linkLocal.map { IPv6NeighbourTable(interfaceIndex: $0.index) },
                                arp: usableARP, interfaces: interfaces, classifier: BuiltInSignatures.classifier)

        if settings.multicast {
            await MulticastDiscovery.send(udp: udp, gate: gate, interfaces: interfaces, log: log)
        }

        var addresses = scope.addresses
        if let segment = scope.linkLocal {
            let (found, notice) = await LinkLocalDiscovery.discover(segment: segment, udp: udp, gate: gate, reactor: reactor, timeout: settings.timeout, log: log)
            if let notice { notices.append(notice) }
            let known = Set(addresses)
            let new = found.filter { !known.contains($0) }
            let room = max(0, scope.maximumHosts - addresses.count)
            if new.count > room {
                notices.append("link-local discovery on \(segment.name) found \(new.count) addresses; \(new.count - room) over --max-hosts were not probed")
            }
            addresses += new.prefix(room)
        }
        var results: [HostResult] = []
        results.reserveCapacity(addresses.count)
        var found = 0, covered = 0
        await withTaskGroup(of: HostResult.self) { group in
            var next = 0
            func startNext() {
                guard next < addresses.count, !Task.isCancelled else { return }
                let address = addresses[next]
                next += 1
                group.addTask { await prober.probe(address) }
            }
            for _ in 0..<max(1, settings.concurrency) { startNext() }
            for await result in group {
                results.append(result)
                if result.responded { found += 1 }
                if result.classification.verdict.coveredFlag == true { covered += 1 }
                progress?(ScanProgress(total: addresses.count, done: results.count, found: found, covered: covered,
                                       sent: limiter.sendCount, elapsed: clock.now() - startTime, currentRate: limiter.currentGlobalRate))
                startNext()
            }
        }
        // Multicast answers from in-scope hosts that came after their host was done.
        let late = settings.multicast || scope.linkLocal != nil ? udp.takeAll() : [:]
        await udp.stop()
        http.stop()
        arp?.stop()
        reactor.stop()
        if !late.isEmpty { results = MulticastDiscovery.merge(late, into: results, classifier: BuiltInSignatures.classifier) }
        if udp.droppedOutOfScope > 0 {
            notices.append("\(udp.droppedOutOfScope) discovery answer(s) came from addresses outside the scope and were ignored")
        }
        results.sort { $0.address < $1.address }
        return ScanReport(scope: scope, settings: settings, hosts: results, started: started, finished: Date(),
                          sent: limiter.sendCount, arpRequests: arp?.requestsSent ?? 0, notices: notices)
    }

    /// A scan holds a socket per port per host in flight; the default soft limit (1024) is too
    /// low for wide concurrency, so raise it to the hard limit.
    private static func raiseFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = min(limit.rlim_max, 1 << 16)
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
