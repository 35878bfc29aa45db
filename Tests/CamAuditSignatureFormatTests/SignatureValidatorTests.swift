import Foundation
import Testing
@testable import CamAuditSignatureFormat

@Suite struct SignatureValidatorTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let broken = packageRoot + "/Tests/Fixtures/signatures/broken/"

    func diagnostics(_ file: String) -> [Diagnostic] {
        let (set, parse) = SignatureDirectory.load(files: [Self.broken + file]) { path in
            String(path.split(separator: "/").last ?? "")
        }
        return parse + SignatureValidator().validate(set)
    }

    @Test(arguments: [
        ("malformed.xml", 6, "malformed XML"),
        ("duplicate_id.xml", 6, "duplicate fingerprint id x-http-server-a"),
        ("no_example.xml", 3, "has no example"),
        ("example_mismatch.xml", 4, "example does not match fingerprint x-http-server-a"),
        ("wrong_yield.xml", 4, "should yield os.version=\"2\" but yields \"1\""),
        ("shadowed.xml", 7, "x-http-server-general (shadowed.xml:3) shadows x-http-server-specific"),
        ("negative_matched.xml", 8, "is attributed to hikvision by x-http-server-webs"),
        ("bad_regex.xml", 3, "regex error"),
        ("unknown_field.xml", 2, "unknown observation field 'http.header.serverr'"),
        ("capture_missing.xml", 3, "param pos=2 but the pattern has 0 capture group(s)"),
        ("lookalike_platform.xml", 7, "a trait other makers send must be stack or hint"),
    ])
    func eachDefectIsReportedAtItsLine(file: String, line: Int, message: String) {
        let found = diagnostics(file)
        #expect(found.contains { $0.location.line == line && $0.message.contains(message) }, "got: \(found.map(\.description))")
        #expect(found.allSatisfy { $0.description.hasPrefix("\(file):") })
    }

    @Test func theShippedSignaturesAreClean() {
        let files = SignatureDirectory.files(under: Self.packageRoot + "/Signatures")
        #expect(files.count > 20)
        let (set, parse) = SignatureDirectory.load(files: files)
        let all = parse + SignatureValidator().validate(set)
        #expect(all.isEmpty, "\(all.map(\.description))")
        #expect(set.fingerprints.allSatisfy { !$0.examples.isEmpty })
        #expect(set.policy.lists.contains { $0.id == "fcc-covered-list" && $0.date == "2021-03-12" })
        #expect(set.ouis.contains { $0.prefix == "BCAD28" && $0.maker == "hikvision" })
        // The registry trap: Shanghai Dahua Scale Factory is not Zhejiang Dahua.
        #expect(!set.ouis.contains { $0.prefix.hasPrefix("402C76") })
    }

    @Test func generatorEscapesEverythingAndTheTableRoundTrips() throws {
        let generator = SwiftTableGenerator()
        #expect(generator.literal("a\"b\\c\r\n\u{0}\u{85}é") == #""a\"b\\c\r\n\u{0}\u{85}é""#)
        let set = SignatureSet(fingerprints: [
            FingerprintDefinition(
                id: "x-a", fields: ["http.header.server", "rtsp.realm"], pattern: #"^A\d:1:"#, options: [.caseInsensitive], certainty: 0.55,
                basis: .stack, description: "colons: and 12:lengths", params: [ParamDefinition(position: 0, name: "hw.maker", value: "hikvision"), ParamDefinition(position: 1, name: "hw.product", value: nil)],
                examples: [ExampleDefinition(value: "A1\r\n\u{0}é", expected: ["hw.maker": "hikvision"], source: "s", location: SourceLocation(file: "f", line: 1))],
                location: SourceLocation(file: "f", line: 1)),
        ], ouiSource: "")
        let source = generator.generate(set)
        #expect(source.contains("SignatureSetCodec.decode(encoded)"))
        #expect(try SignatureSetCodec.decode(SignatureSetCodec.encode(set)).fingerprints == set.fingerprints)
        // The shipped table survives the same trip.
        let (shipped, _) = SignatureDirectory.load(files: SignatureDirectory.files(under: Self.packageRoot + "/Signatures"))
        let decoded = try SignatureSetCodec.decode(SignatureSetCodec.encode(shipped))
        #expect(decoded.fingerprints == shipped.fingerprints)
        #expect(decoded.negatives == shipped.negatives)
        #expect(decoded.policy == shipped.policy)
        #expect(decoded.ouis == shipped.ouis)
        #expect(decoded.tableVersion == shipped.tableVersion)
        #expect(throws: SignatureSetCodec.DecodeError.self) { try SignatureSetCodec.decode("21:camaudit-signatures-1" + "9:") }
    }

    @Test func csvSplitHandlesQuotes() {
        #expect(CSVLine.split(#"MA-L,BCAD28,hikvision,"Hangzhou Hikvision Digital Technology Co.,Ltd.""#) ==
            ["MA-L", "BCAD28", "hikvision", "Hangzhou Hikvision Digital Technology Co.,Ltd."])
        #expect(CSVLine.split(#"a,"b ""c""",d"#) == ["a", "b \"c\"", "d"])
    }
}
