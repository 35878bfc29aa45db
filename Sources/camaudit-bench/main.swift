// camaudit-bench: measurements recorded in docs/BENCHMARKS.md. Not a test: it prints figures.
//
//   swift build -c release --product camaudit-bench && .build/release/camaudit-bench matcher
//   .build/release/camaudit-bench engines
//   .build/debug/camaudit-bench accuracy --misses   (from the repository root: Tests/Fixtures/evaluation)
//   .build/release/camaudit-bench make-pcap /tmp/school.pcap --size-mb 1000   (input for `camaudit analyze`)
import CamAuditBenchmarks
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "matcher": MatcherBenchmark.run()
case "engines": EngineComparison.run()
case "make-pcap": PcapFixtureGenerator.run(arguments: Array(arguments.dropFirst()))
case "accuracy":
    do {
        try AccuracyBenchmark.run(arguments: Array(arguments.dropFirst()))
    } catch {
        print("camaudit-bench accuracy: \(error)")
        exit(2)
    }
case "inventory": try InventoryBenchmark.run(path: arguments.count > 1 ? arguments[1] : "/tmp/camaudit-bench-inventory.sqlite")
default:
    print("usage: camaudit-bench matcher|engines|make-pcap PATH [--size-mb N] [--seed S]|inventory [PATH]|accuracy [--corpus FILE] [--evaluation DIR] [--misses]")
}
