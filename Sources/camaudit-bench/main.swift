// camaudit-bench: measurements recorded in docs/BENCHMARKS.md. Not a test: it prints figures.
//
//   swift build -c release --product camaudit-bench && .build/release/camaudit-bench matcher
//   .build/release/camaudit-bench engines
//   .build/debug/camaudit-bench accuracy --misses   (from the repository root: Tests/Fixtures/evaluation)
//   sudo .build/debug/camaudit-bench accuracy --scan   (the evaluation devices scanned and captured in namespaces)
//   .build/release/camaudit-bench make-pcap /tmp/school.pcap --size-mb 1000   (input for `camaudit analyze`)
//   .build/release/camaudit-bench make-import /tmp/import   (inputs for `camaudit import`)
import CamAuditBenchmarks
import CamAuditReplay
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "matcher": MatcherBenchmark.run()
case "engines": EngineComparison.run()
case "make-pcap": PcapFixtureGenerator.run(arguments: Array(arguments.dropFirst()))
case "make-dense-pcap": DenseCaptureGenerator.run(arguments: Array(arguments.dropFirst()))
case "make-import": ImportFixtureGenerator.run(arguments: Array(arguments.dropFirst()))
case "accuracy":
    do {
        if arguments.contains("--scan") {
            try ReplayAccuracyBenchmark.run(arguments: Array(arguments.dropFirst()))
        } else {
            try AccuracyBenchmark.run(arguments: Array(arguments.dropFirst()))
        }
    } catch {
        print("camaudit-bench accuracy: \(error)")
        exit(2)
    }
case "replay-serve":
    do {
        try ReplayServe.run(arguments: Array(arguments.dropFirst()))
    } catch {
        print("camaudit-bench replay-serve: \(error)")
        exit(2)
    }
case "inventory": try InventoryBenchmark.run(path: arguments.count > 1 ? arguments[1] : "/tmp/camaudit-bench-inventory.sqlite")
case "district": try DistrictInventoryBenchmark.run(Array(arguments.dropFirst()))
default:
    print("usage: camaudit-bench matcher|engines|make-pcap PATH [--size-mb N] [--seed S]|\(DenseCaptureGenerator.usage)|make-import DIR [--lease-lines N] [--mac-rows N]|inventory [PATH]|\(DistrictInventoryBenchmark.usage)|accuracy [--corpus FILE] [--evaluation DIR] [--misses]|\(ReplayAccuracyBenchmark.usage)|\(ReplayServe.usage)")
}
