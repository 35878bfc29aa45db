import CamAuditMatching
import CamAuditModel
import CamAuditSignatures
#if canImport(Glibc)
import Glibc
#endif

/// Observations per second through the runtime matcher on one core, and the time to make the
/// compiled table ready (regex compilation and JIT) at start.
public enum MatcherBenchmark {
    public static func run() {
        let set = BuiltInSignatures.set
        var readyTimes: [Double] = []
        for _ in 0..<20 {
            let start = now()
            _ = try! SignatureTable(set)
            readyTimes.append(now() - start)
        }
        readyTimes.sort()
        print("table: \(set.fingerprints.count) fingerprints, \(set.ouis.count) OUI assignments")
        print(String(format: "ready: median %.2f ms, min %.2f ms (20 runs)", readyTimes[10] * 1000, readyTimes[0] * 1000))

        let matcher = Matcher(table: BuiltInSignatures.table)
        let workload = Workload.observations()
        var matched = 0
        for observation in workload where matcher.evidence(for: observation) != nil { matched += 1 }
        print("workload: \(workload.count) observations, \(matched) recognised")
        var best = 0.0
        for _ in 0..<5 {
            let rounds = 200
            let start = now()
            var hits = 0
            for _ in 0..<rounds {
                for observation in workload where matcher.evidence(for: observation) != nil { hits += 1 }
            }
            let elapsed = now() - start
            best = max(best, Double(rounds * workload.count) / elapsed)
            precondition(hits == matched * rounds)
        }
        print(String(format: "matcher: %.0f observations/s on one core (best of 5)", best))
    }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
