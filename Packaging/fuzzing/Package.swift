// swift-tools-version: 6.1
// The libFuzzer targets (issue 18). A package of their own, built only by Packaging/fuzz with
// -sanitize=fuzzer,address: the main package's `swift build` and `swift test` never see them,
// and an instrumented build never shares a build directory with the normal one.
import Foundation
import PackageDescription

// A path dependency is named after its directory, which differs between clones (CI clones
// into a folder of its own), so the name is read from where this manifest sits.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let main = root.lastPathComponent

func fuzzer(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: main) }
    )
}

let package = Package(
    name: "camaudit-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "../..")],
    targets: [
        .target(name: "CFuzzBudget"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzBudget"]),
        fuzzer("fuzz-dissect", ["CamAuditDissectors"]),
        fuzzer("fuzz-pcap", ["CamAuditCapture"]),
        fuzzer("fuzz-packets", ["CamAuditCapture"]),
        fuzzer("fuzz-xml", ["CamAuditXML"]),
        fuzzer("fuzz-signatures", ["CamAuditSignatureFormat"]),
        fuzzer("fuzz-config", ["CamAuditDaemon"]),
        fuzzer("fuzz-records", ["CamAuditDissectors", "CamAuditSignatures"]),
        fuzzer("fuzz-import", ["CamAuditImport"]),
    ]
)
