import ArgumentParser
import CamAuditEvidence
import CamAuditReports
import CamAuditSignatures
import Foundation

struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "A signed evidence bundle for a grant or E-Rate compliance file, and its check.",
        subcommands: [EvidenceKeygen.self, EvidenceExport.self, EvidenceVerify.self])
}

struct EvidenceKeygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create an Ed25519 signing key (KEY, mode 0600) and its public half (KEY.pub).")

    @Option(help: "Where to write the private key; the public key goes to the same path with .pub.")
    var output: String = "camaudit-evidence.key"

    func run() throws {
        let key = EvidenceKey.generate()
        do {
            try EvidenceKey.write(key, privatePath: output, publicPath: output + ".pub")
        } catch let failure as EvidenceKey.Failure {
            throw RuntimeFailure(description: failure.description)
        }
        Output.line("private key \(output) (keep it secret), public key \(output).pub, fingerprint \(EvidenceKey.fingerprint(key))")
    }
}

struct EvidenceExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the signed evidence bundle (a ustar archive) for one site or all.",
        discussion: "Members: README.txt, report.html, inventory.json, scans.json, facts.json, versions.json, evidence/device-N.jsonl per flagged device, MANIFEST (SHA-256 per member) and MANIFEST.sig (Ed25519).")

    @OptionGroup var inventory: InventoryOptions

    @Option(help: "The bundle to write (e.g. evidence.tar).")
    var output: String

    @Option(help: "The private key from camaudit evidence keygen.")
    var key: String

    func run() throws {
        let signing: EvidenceSigningKey
        do { signing = try EvidenceKey.readPrivate(key) } catch let failure as EvidenceKey.Failure {
            throw RuntimeFailure(description: failure.description)
        }
        let store = try inventory.open()
        if let site = inventory.site, try store.inventory(site: site).isEmpty {
            throw RuntimeFailure(description: "no device has been recorded at site \(site); camaudit inventory list shows the sites")
        }
        let set = BuiltInSignatures.set
        let bytes = try EvidenceBundle.export(
            store: store, site: inventory.site, policy: set.policy,
            versions: .init(camaudit: CamAuditVersion.string, signatureTable: BuiltInSignatures.table.version, ouiSource: set.ouiSource,
                            makerNames: BoardReport.makerNames(set.makers)),
            key: signing)
        guard FileManager.default.createFile(atPath: output, contents: Data(bytes)) else {
            throw RuntimeFailure(description: "cannot write \(output)")
        }
        Output.line("evidence bundle \(output) (\(bytes.count) bytes) signed by \(EvidenceKey.fingerprint(signing))")
    }
}

struct EvidenceVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a bundle: exit 0 when intact, 1 when anything changed (each change named).",
        discussion: "Without --key the signature is checked against the key recorded in the bundle, which shows the bundle is unchanged since that key signed it; compare the printed fingerprint with the district's, or pass its public key.")

    @Argument(help: "The bundle.")
    var file: String

    @Option(help: "The district's public key (KEY.pub from camaudit evidence keygen).")
    var key: String?

    func run() throws {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
              (attributes[.size] as? Int ?? .max) <= TarArchive.maximumArchiveBytes,
              let data = FileManager.default.contents(atPath: file) else {
            throw RuntimeFailure(description: "cannot read \(file) (or it is larger than \(TarArchive.maximumArchiveBytes >> 20) MiB)")
        }
        var trusted: EvidenceVerifyingKey?
        if let key {
            do { trusted = try EvidenceKey.readPublic(key) } catch let failure as EvidenceKey.Failure {
                throw RuntimeFailure(description: failure.description)
            }
        }
        let result = EvidenceVerification(bytes: Array(data), trustedKey: trusted)
        if result.intact {
            let how = result.keyWasGiven ? "the given key" : "the key recorded in the bundle (compare the fingerprint, or pass --key)"
            Output.line("intact: \(result.members) members, signature by \(result.signer ?? "?") verified against \(how)")
            return
        }
        for problem in result.problems { Output.line("altered: \(problem)") }
        throw ExitCode(1)
    }
}
