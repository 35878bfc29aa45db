import CamAuditModel
import CamAuditReports
import CamAuditSignatureFormat
import CamAuditStore
import Crypto
import Foundation

/// What a district attaches to a grant or E-Rate compliance file: one ustar archive holding the
/// board report, the inventory extract, the raw evidence of every flagged device, every scan's
/// scope, settings and timing, the district's facts with who entered them, the versions that
/// produced the conclusions, and a SHA-256 manifest signed with Ed25519.
public enum EvidenceBundle {
    /// The versions recorded in `versions.json`.
    public struct Versions: Sendable {
        public var camaudit: String
        public var signatureTable: String
        public var ouiSource: String
        public var makerNames: [String: String]

        public init(camaudit: String, signatureTable: String, ouiSource: String, makerNames: [String: String]) {
            self.camaudit = camaudit
            self.signatureTable = signatureTable
            self.ouiSource = ouiSource
            self.makerNames = makerNames
        }
    }

    public static func export(store: any InventoryBackend, site: String?, policy: PolicyDefinition, versions: Versions,
                              key: Curve25519.Signing.PrivateKey, now: Date = Date()) throws -> [UInt8] {
        let report = try BoardReport(store: store, site: site, policy: policy, tableVersion: versions.signatureTable, makerNames: versions.makerNames, now: now)
        var members: [TarArchive.Member] = []
        func add(_ name: String, _ text: String) { members.append(TarArchive.Member(name: name, data: Array(text.utf8))) }
        add("README.txt", readme(site: site, key: key.publicKey))
        add("report.html", HTMLReportRenderer().render(report))
        add("inventory.json", TabularReportRenderer().json(report))
        add("scans.json", JSONValue.array(try store.scanRecords(site: site).map(scanJSON)).serialized() + "\n")
        add("facts.json", JSONValue.array(report.facts.map(factJSON)).serialized() + "\n")
        add("versions.json", JSONValue.object([
            ("camaudit", .string(versions.camaudit)), ("signature_table", .string(versions.signatureTable)),
            ("policy", .string(policy.version)), ("policy_reviewed", .string(policy.reviewed)), ("policy_source", .string(policy.source)),
            ("oui_source", .string(versions.ouiSource)),
        ]).serialized() + "\n")
        for row in report.flagged {
            let lines = try store.observations(device: row.deviceID).map { stored in
                JSONValue.object([
                    ("device_id", .int(Int(row.deviceID))), ("scan_id", .int(Int(stored.scan))),
                    ("field", .string(stored.observation.field)), ("value", .string(stored.observation.value)),
                    ("source", .string(stored.observation.source.kind.rawValue)), ("protocol", .optional(stored.observation.source.protocolName)),
                    ("port", stored.observation.source.port.map { .int($0) } ?? .null), ("reference", .optional(stored.observation.source.reference)),
                    ("seen_at", .optional(stored.observation.source.time.map(Timestamp.iso8601))),
                ]).serialized()
            }
            add("evidence/device-\(row.deviceID).jsonl", lines.map { $0 + "\n" }.joined())
        }
        let manifest = EvidenceManifest(created: Timestamp.iso8601(now), site: site ?? "(all sites)",
                                        publicKey: key.publicKey.rawRepresentation.base64EncodedString(), members: members)
        let manifestBytes = Array(manifest.text.utf8)
        let signature = try key.signature(for: manifestBytes)
        members.append(TarArchive.Member(name: EvidenceManifest.name, data: manifestBytes))
        members.append(TarArchive.Member(name: EvidenceManifest.signatureName, data: Array((signature.base64EncodedString() + "\n").utf8)))
        return TarArchive.write(members, modified: Int(now.timeIntervalSince1970))
    }

    static func scanJSON(_ scan: ScanRecord) -> JSONValue {
        .object([
            ("scan_id", .int(Int(scan.id))), ("site", .optional(scan.site)), ("kind", .string(scan.kind)), ("scope", .string(scan.scope)),
            ("started_at", .string(Timestamp.iso8601(scan.startedAt))), ("ended_at", .optional(scan.endedAt.map(Timestamp.iso8601))),
            ("status", .string(scan.status)), ("settings", .string(scan.settings)), ("table_version", .string(scan.tableVersion)),
            ("policy_version", .string(scan.policyVersion)), ("devices", .int(scan.devices)), ("covered", .int(scan.covered)),
        ])
    }

    static func factJSON(_ fact: DistrictFact) -> JSONValue {
        var subject: [(String, JSONValue)]
        switch fact.subject {
        case .site(let name): subject = [("site", .string(name))]
        case .device(let id): subject = [("device_id", .int(Int(id)))]
        }
        return .object(subject + [
            ("name", .string(fact.name.rawValue)), ("value", .string(fact.value)), ("entered_by", .string(fact.enteredBy)),
            ("entered_at", .string(Timestamp.iso8601(fact.enteredAt))), ("origin", .string(fact.origin)),
        ])
    }

    static func readme(site: String?, key: Curve25519.Signing.PublicKey) -> String {
        """
        camaudit evidence bundle for \(site ?? "all sites")

        report.html            the board report (no script, no external asset)
        inventory.json         every device with its verdict and its determinations per rule
        evidence/device-N.jsonl  the raw evidence (observations) of every flagged device
        scans.json             each scan's scope, settings, timing and versions
        facts.json             the district's facts, with who entered them, when and from where
        versions.json          camaudit, signature table and policy versions
        MANIFEST               SHA-256 and size of every member above
        MANIFEST.sig           Ed25519 signature over MANIFEST by key \(EvidenceKey.fingerprint(key))

        Check it with: camaudit evidence verify THIS-FILE --key DISTRICT-PUBLIC-KEY
        Determinations are compliance flags for counsel, not legal advice.

        """
    }
}
