// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "camaudit",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "camaudit", targets: ["camaudit"]),
        // For the fuzz targets in Packaging/fuzzing, which depend on this package by path; a
        // plain `swift build` builds the same modules as before.
        .library(name: "CamAuditXML", targets: ["CamAuditXML"]),
        .library(name: "CamAuditDissectors", targets: ["CamAuditDissectors"]),
        .library(name: "CamAuditSignatureFormat", targets: ["CamAuditSignatureFormat"]),
        .library(name: "CamAuditSignatures", targets: ["CamAuditSignatures"]),
        .library(name: "CamAuditCapture", targets: ["CamAuditCapture"]),
        .library(name: "CamAuditDaemon", targets: ["CamAuditDaemon"]),
        .library(name: "CamAuditImport", targets: ["CamAuditImport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
        // Ed25519 and SHA-256 for the signed evidence bundle (issue 17).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The district inventory on PostgreSQL (issue 15), with TLS verification through NIOSSL.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // System libraries, found through pkg-config.
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "CCurlShim", dependencies: ["CCurl"]),

        // Value types shared by every layer; no I/O.
        .target(name: "CamAuditModel"),
        // The one regex engine (PCRE2), used by the signature compiler and the matcher alike.
        .target(name: "CamAuditPattern", dependencies: ["CPCRE2", "CamAuditModel"]),
        // A bounded XML scanner that never expands entities: for signature files and device XML.
        .target(name: "CamAuditXML", dependencies: ["CamAuditModel"]),
        // Parse and validate Signatures/ with file:line diagnostics.
        .target(name: "CamAuditSignatureFormat", dependencies: ["CamAuditModel", "CamAuditPattern", "CamAuditXML"]),
        // Bytes -> observations; shared by classify, the active probes and passive capture.
        .target(name: "CamAuditDissectors", dependencies: ["CamAuditModel", "CamAuditXML"]),
        // Observations -> identity -> ban-list verdict.
        .target(name: "CamAuditMatching", dependencies: ["CamAuditModel", "CamAuditPattern", "CamAuditSignatureFormat"]),
        // The compiled table, generated at build time from Signatures/.
        .target(
            name: "CamAuditSignatures",
            dependencies: ["CamAuditMatching", "CamAuditSignatureFormat"],
            plugins: ["SignatureTablePlugin"]
        ),
        // Offline pcap/pcapng reading, link/IP/TCP decoding and per-device passive evidence.
        .target(name: "CamAuditCapture", dependencies: ["CamAuditModel", "CamAuditDissectors", "CamAuditMatching", "CamAuditSignatures", "CPcap"]),
        .executableTarget(name: "camaudit-sigc", dependencies: ["CamAuditSignatureFormat"]),
        .plugin(
            name: "SignatureTablePlugin",
            capability: .buildTool(),
            dependencies: ["camaudit-sigc"],
            path: "Sources/SignatureTablePlugin"
        ),

        // The active scanner: scope, rate limits, probes (libcurl for HTTP, libpcap for ARP).
        .target(
            name: "CamAuditScan",
            dependencies: ["CamAuditModel", "CamAuditDissectors", "CamAuditMatching", "CamAuditSignatures", "CCurl", "CCurlShim", "CPcap"]
        ),

        // The inventory: raw evidence and conclusions kept apart, devices over time, scans.
        // SQLite (one site, one machine) or PostgreSQL (a district), one SQL layer over both.
        .target(
            name: "CamAuditStore",
            dependencies: [
                "CamAuditModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // A simulated district of cameras, recorders and ordinary hosts, answering from recorded
        // responses, for the demo, the end-to-end tests and the scan benchmark.
        .target(
            name: "CamAuditFleet",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),

        // `camaudit import`: the district's DHCP leases, MAC, ARP and LLDP tables as evidence.
        .target(name: "CamAuditImport", dependencies: ["CamAuditModel", "CamAuditMatching", "CamAuditStore"]),

        // Board and IT reports read from the inventory.
        .target(name: "CamAuditReports", dependencies: ["CamAuditModel", "CamAuditStore", "CamAuditSignatureFormat"]),

        // The signed evidence bundle: a ustar archive of the report, inventory extract, raw
        // evidence, scans and facts, with a SHA-256 manifest signed with Ed25519.
        .target(
            name: "CamAuditEvidence",
            dependencies: ["CamAuditModel", "CamAuditStore", "CamAuditReports", "CamAuditSignatureFormat", .product(name: "Crypto", package: "swift-crypto")]
        ),

        // The long-running agent: configuration, passive listening, the store writer, the
        // schedule, metrics; each part a service of one ServiceGroup.
        .target(
            name: "CamAuditDaemon",
            dependencies: [
                "CamAuditModel", "CamAuditCapture", "CamAuditSignatures", "CamAuditMatching", "CamAuditStore", "CamAuditReports",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),

        .target(
            name: "CamAuditCLI",
            dependencies: [
                "CamAuditModel", "CamAuditDissectors", "CamAuditMatching", "CamAuditSignatures",
                "CamAuditSignatureFormat", "CamAuditPattern", "CamAuditStore", "CamAuditReports", "CPcap", "CCurlShim", "CamAuditCapture", "CamAuditScan", "CamAuditFleet",
                "CamAuditDaemon", "CamAuditEvidence", "CamAuditImport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // mimalloc (Debian's libmimalloc2.0) in place of glibc's malloc: a camera-dense capture's
        // analysis allocates per observation, and it runs about 10 % faster (docs/BENCHMARKS.md).
        .executableTarget(name: "camaudit", dependencies: ["CamAuditCLI"], linkerSettings: [.linkedLibrary("mimalloc")]),

        // Labelled real data and how well the table does on it, with leave-one-source-out.
        .target(
            name: "CamAuditEvaluation",
            dependencies: ["CamAuditModel", "CamAuditDissectors", "CamAuditMatching", "CamAuditSignatureFormat"]
        ),

        // The evaluation devices replayed as hosts of a namespace LAN, scanned and captured.
        .target(
            name: "CamAuditReplay",
            dependencies: ["CamAuditFleet", "CamAuditEvaluation", "CamAuditMatching", "CamAuditSignatures", "CamAuditStore", "CamAuditModel"]
        ),

        // Measurements for docs/BENCHMARKS.md and docs/ACCURACY.md (not tests).
        .target(
            name: "CamAuditBenchmarks",
            dependencies: ["CamAuditModel", "CamAuditPattern", "CamAuditSignatureFormat", "CamAuditDissectors", "CamAuditMatching", "CamAuditSignatures", "CamAuditStore", "CamAuditReports", "CamAuditEvaluation", "CamAuditReplay"]
        ),
        .executableTarget(name: "camaudit-bench", dependencies: ["CamAuditBenchmarks", "CamAuditReplay"]),

        // The tests' throwaway PostgreSQL (Packaging/with-postgres): databases made with psql.
        .target(name: "CamAuditTestSupport", path: "Tests/CamAuditTestSupport"),
        .testTarget(name: "CamAuditXMLTests", dependencies: ["CamAuditXML", "CamAuditTestSupport"]),
        .testTarget(name: "CamAuditPatternTests", dependencies: ["CamAuditPattern"]),
        .testTarget(name: "CamAuditSignatureFormatTests", dependencies: ["CamAuditSignatureFormat"]),
        .testTarget(name: "CamAuditDissectorsTests", dependencies: ["CamAuditDissectors", "CamAuditTestSupport"]),
        .testTarget(
            name: "CamAuditMatchingTests",
            dependencies: ["CamAuditMatching", "CamAuditSignatures", "CamAuditDissectors", "CamAuditSignatureFormat"]
        ),
        .testTarget(
            name: "CamAuditEvaluationTests",
            dependencies: ["CamAuditEvaluation", "CamAuditMatching", "CamAuditSignatures", "CamAuditSignatureFormat", "CamAuditDissectors", "CamAuditModel"]
        ),
        .testTarget(name: "CamAuditCLITests", dependencies: ["CamAuditCLI", "CamAuditFleet", "CamAuditTestSupport"]),
        .testTarget(name: "CamAuditScanTests", dependencies: ["CamAuditScan", "CamAuditModel", "CamAuditSignatures", "CamAuditTestSupport"]),
        .testTarget(name: "CamAuditStoreTests", dependencies: ["CamAuditStore", "CamAuditSignatures", "CamAuditModel", "CamAuditTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "CamAuditReportsTests", dependencies: ["CamAuditReports", "CamAuditStore", "CamAuditSignatures", "CamAuditModel", "CamAuditMatching"]),
        .testTarget(name: "CamAuditDaemonTests", dependencies: ["CamAuditDaemon", "CamAuditStore"]),
        .testTarget(name: "CamAuditEvidenceTests", dependencies: ["CamAuditEvidence", "CamAuditStore", "CamAuditSignatures", "CamAuditModel", "CamAuditTestSupport"]),
        .testTarget(
            name: "CamAuditFleetTests",
            dependencies: ["CamAuditFleet", "CamAuditDissectors", "CamAuditSignatures", "CamAuditModel", "CamAuditMatching"]
        ),
        .testTarget(name: "CamAuditReplayTests", dependencies: ["CamAuditReplay", "CamAuditFleet", "CamAuditEvaluation", "CamAuditTestSupport"]),
        .testTarget(name: "CamAuditCaptureTests", dependencies: ["CamAuditCapture", "CamAuditSignatures", "CamAuditModel", "CamAuditTestSupport"]),
        .testTarget(name: "CamAuditImportTests", dependencies: ["CamAuditImport", "CamAuditStore", "CamAuditSignatures", "CamAuditMatching", "CamAuditModel", "CamAuditTestSupport"]),
    ]
)
