import CamAuditEvidence
import CamAuditModel
import CamAuditSignatures
import CamAuditStore
import CamAuditTestSupport
import Foundation
import Testing

@Suite struct TarArchiveTests {
    @Test func roundTripsAndSystemTarReadsIt() throws {
        let members = [TarArchive.Member(name: "a.txt", data: Array("hello\n".utf8)),
                       TarArchive.Member(name: "evidence/device-1.jsonl", data: [UInt8](repeating: 7, count: 1_000)),
                       TarArchive.Member(name: "empty", data: [])]
        let bytes = TarArchive.write(members, modified: 1_765_000_000)
        #expect(bytes.count % 512 == 0)
        #expect(try TarArchive.read(bytes).get() == members)
        guard FileManager.default.isExecutableFile(atPath: "/bin/tar") else { return }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-\(UUID().uuidString).tar")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/tar")
        process.arguments = ["-tf", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let listing = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(listing == "a.txt\nevidence/device-1.jsonl\nempty\n")
    }

    @Test(arguments: ["../etc/passwd", "/abs", "a//b", "./a", "a/", "", "a b", String(repeating: "x", count: 101), "a\\b", "é"])
    func unsafeNamesAreRejected(name: String) {
        #expect(!TarArchive.isSafeName(name))
    }

    @Test func hostileArchivesFailWithoutCrashing() {
        let good = TarArchive.write([TarArchive.Member(name: "a", data: Array("data".utf8))], modified: 0)
        var inputs: [[UInt8]] = [[], [UInt8](repeating: 0, count: 511), [UInt8](repeating: 0xFF, count: 2048), Array(good.prefix(512)), good + [0]]
        // A symlink, a traversal name and a huge size, each with a valid checksum.
        func patched(_ edit: (inout [UInt8]) -> Void) -> [UInt8] {
            var bytes = good
            edit(&bytes)
            for index in 148..<156 { bytes[index] = 32 }
            let sum = bytes[0..<512].reduce(0) { $0 + Int($1) }
            let digits = Array(String(sum, radix: 8).utf8)
            for index in 0..<6 { bytes[148 + index] = index < 6 - digits.count ? 48 : digits[index - (6 - digits.count)] }
            bytes[154] = 0
            return bytes
        }
        inputs.append(patched { $0[156] = UInt8(ascii: "2") })
        inputs.append(patched { bytes in for (index, byte) in "../x".utf8.enumerated() { bytes[index] = byte } })
        inputs.append(patched { bytes in for (index, byte) in "77777777777".utf8.enumerated() { bytes[124 + index] = byte } })
        inputs.append(good + [UInt8](repeating: 0, count: 512))
        for input in inputs {
            guard case .failure = TarArchive.read(input) else {
                Issue.record("accepted a hostile archive of \(input.count) bytes")
                continue
            }
        }
    }
}

@Suite struct EvidenceBundleTests {
    static let time = Date(timeIntervalSince1970: 1_765_000_000)

    /// The three devices and one fact, in memory or in the inventory at `location`.
    static func store(_ location: String? = nil) throws -> InventoryStore {
        let store = try location.map { try InventoryStore.open($0) } ?? InventoryStore()
        let classifier = BuiltInSignatures.classifier
        for (site, mac, server) in [("North", "bc:ad:28:00:00:01", "Hikvision-Webs"), ("North", "00:40:8c:00:00:02", "Axis"), ("Bayou", "bc:ad:28:00:00:03", "Hikvision-Webs")] {
            let scan = try store.beginScan(ScanDescription(kind: .active, scope: "10.77.0.0/24", site: site, settings: .object([("rate", .int(300))]), tableVersion: "t", policyVersion: "p"))
            let observations = [Observation(field: ObservationField.httpServer, value: server, source: EvidenceSource(kind: .active, protocolName: "http", port: 80, time: time))]
            try store.record([DeviceSighting(key: mac, mac: mac, addresses: ["10.77.0.9"], observations: observations,
                                             classification: classifier.classify(observations), firstSeen: time, lastSeen: time)], scan: scan)
            try store.finishScan(scan)
        }
        try store.recordFacts([DistrictFact(subject: .site("Bayou"), name: .state, value: "LA", enteredBy: "ana", enteredAt: time, origin: "cli")])
        return store
    }

    static func bundle(site: String? = nil, key: EvidenceSigningKey, from source: InventoryStore? = nil) throws -> [UInt8] {
        let set = BuiltInSignatures.set
        return try EvidenceBundle.export(
            store: source ?? store(), site: site, policy: set.policy,
            versions: .init(camaudit: "test", signatureTable: BuiltInSignatures.table.version, ouiSource: set.ouiSource, makerNames: [:]),
            key: key, now: time)
    }

    @Test func aBundleHoldsWhatAnAuditorNeedsAndVerifies() throws {
        let key = EvidenceKey.generate()
        let bytes = try Self.bundle(key: key)
        let members = try TarArchive.read(bytes).get()
        let names = members.map(\.name)
        for name in ["README.txt", "report.html", "inventory.json", "scans.json", "facts.json", "versions.json", "MANIFEST", "MANIFEST.sig"] {
            #expect(names.contains(name), "\(name) missing from \(names)")
        }
        // Raw evidence of the flagged devices only (the Axis camera is not flagged).
        #expect(names.filter { $0.hasPrefix("evidence/") }.count == 2)
        let facts = String(decoding: members.first { $0.name == "facts.json" }!.data, as: UTF8.self)
        #expect(facts.contains("\"entered_by\":\"ana\"") && facts.contains("\"value\":\"LA\""))
        let scans = String(decoding: members.first { $0.name == "scans.json" }!.data, as: UTF8.self)
        #expect(scans.contains("10.77.0.0/24") && scans.contains("rate") && scans.contains("ended_at"))
        let versions = String(decoding: members.first { $0.name == "versions.json" }!.data, as: UTF8.self)
        #expect(versions.contains(BuiltInSignatures.set.policy.version))
        let result = EvidenceVerification(bytes: bytes, trustedKey: key.publicKey)
        #expect(result.intact, "\(result.problems)")
        #expect(EvidenceVerification(bytes: bytes, trustedKey: nil).intact)
        // Another district's key does not vouch for it.
        let other = EvidenceVerification(bytes: bytes, trustedKey: EvidenceKey.generate().publicKey)
        #expect(!other.intact)
        #expect(other.problems.contains { $0.contains("not by the given key") })
        // One site's bundle carries that site only.
        let bayou = try TarArchive.read(Self.bundle(site: "Bayou", key: key)).get()
        #expect(bayou.filter { $0.name.hasPrefix("evidence/") }.count == 1)
    }

    /// The district's PostgreSQL inventory gives the same bundle as a SQLite one.
    @Test func aBundleFromTheDistrictPostgreSQLVerifiesAndMatchesSQLite() throws {
        guard let url = try TestPostgres.freshDatabaseURL(prefix: "evidence") else { return }
        let key = EvidenceKey.generate()
        let fromPostgres = try TarArchive.read(Self.bundle(key: key, from: Self.store(url))).get()
        let fromSQLite = try TarArchive.read(Self.bundle(key: key)).get()
        #expect(fromPostgres.map(\.name) == fromSQLite.map(\.name))
        for name in ["inventory.json", "facts.json"] {
            let postgres = String(decoding: fromPostgres.first { $0.name == name }!.data, as: UTF8.self)
            let sqlite = String(decoding: fromSQLite.first { $0.name == name }!.data, as: UTF8.self)
            #expect(postgres == sqlite, "\(name) differs")
        }
        #expect(EvidenceVerification(bytes: try Self.bundle(key: key, from: Self.store(url)), trustedKey: key.publicKey).intact)
    }

    /// Every byte of the archive, changed, makes verify fail; a byte inside a member's data is
    /// named by that member.
    @Test func changingAnyByteIsCaughtAndNamed() throws {
        let key = EvidenceKey.generate()
        let bytes = try Self.bundle(key: key)
        let members = try TarArchive.read(bytes).get()
        // Where each member's data sits in the archive.
        var ranges: [(String, Range<Int>)] = []
        var offset = 0
        for member in members {
            ranges.append((member.name, offset + 512..<offset + 512 + member.data.count))
            offset += 512 + (member.data.count + 511) / 512 * 512
        }
        // Each verify hashes the whole bundle (slow in a debug build), so not every byte: a
        // stride through everything (headers, padding, end blocks) and the first, middle and
        // last byte of every member's data.
        var positions = Set(stride(from: 0, to: bytes.count, by: 31))
        for (_, range) in ranges where !range.isEmpty {
            positions.formUnion([range.lowerBound, (range.lowerBound + range.upperBound) / 2, range.upperBound - 1])
        }
        var checked = 0
        for position in positions.sorted() {
            var altered = bytes
            altered[position] ^= 0x20
            let result = EvidenceVerification(bytes: altered, trustedKey: key.publicKey)
            checked += 1
            guard !result.intact else {
                Issue.record("byte \(position) changed and verify said intact")
                break
            }
            if let (name, _) = ranges.first(where: { $0.1.contains(position) }) {
                let named = name == "MANIFEST" || name == "MANIFEST.sig"
                    ? result.problems.contains { $0.contains("MANIFEST") }
                    : result.problems.contains { $0.hasPrefix("\(name) altered") }
                #expect(named, "byte \(position) in \(name): \(result.problems)")
            }
        }
        #expect(checked > 500)
        // A member added or removed is named too.
        var added = members
        added.insert(TarArchive.Member(name: "extra.txt", data: [1]), at: 0)
        #expect(EvidenceVerification(bytes: TarArchive.write(added, modified: 0), trustedKey: key.publicKey).problems == ["extra.txt was added: it is not in the manifest"])
        let removed = members.filter { $0.name != "facts.json" }
        #expect(EvidenceVerification(bytes: TarArchive.write(removed, modified: 0), trustedKey: key.publicKey).problems == ["facts.json is missing"])
    }

    @Test func keysRoundTripThroughTheirFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("k").path
        let key = EvidenceKey.generate()
        try EvidenceKey.write(key, privatePath: path, publicPath: path + ".pub")
        #expect(try EvidenceKey.readPrivate(path).rawRepresentation == key.rawRepresentation)
        #expect(try EvidenceKey.readPublic(path + ".pub").rawRepresentation == key.publicKey.rawRepresentation)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(throws: EvidenceKey.Failure.self) { try EvidenceKey.write(key, privatePath: path, publicPath: path + ".pub") }
        #expect(throws: EvidenceKey.Failure.self) { try EvidenceKey.readPrivate(path + ".pub") }
    }
}
