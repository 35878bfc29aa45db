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
        let examples = Workload.observations()
        let ordinary = Workload.ordinaryTraffic()
        // A capture mix: one recognisable banner for every 19 ordinary values.
        var mixed: [Observation] = []
        for (index, example) in examples.enumerated() {
            mixed.append(example)
            for offset in 0..<19 { mixed.append(ordinary[(index * 19 + offset) % ordinary.count]) }
        }
        for (name, workload) in [("examples and negatives (78% match)", examples), ("ordinary traffic (no match)", ordinary), ("capture mix (5% banners)", mixed)] {
            let rate = throughput(matcher, workload)
            print(String(format: "matcher, %@: %.0f observations/s on one core (best of 5, %d observations)", name, rate, workload.count))
        }
    }

    static func throughput(_ matcher: Matcher, _ workload: [Observation]) -> Double {
        var best = 0.0
        let rounds = max(1, 200_000 / workload.count)
        for _ in 0..<5 {
            let start = now()
            var hits = 0
            for _ in 0..<rounds {
                for observation in workload where matcher.evidence(for: observation) != nil { hits += 1 }
            }
            best = max(best, Double(rounds * workload.count) / (now() - start))
            precondition(hits >= 0)
        }
        return best
    }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
