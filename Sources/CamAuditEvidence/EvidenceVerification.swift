import Crypto
import Foundation

/// What `camaudit evidence verify` found: intact, or each thing that changed, by name.
public struct EvidenceVerification: Sendable {
    public var problems: [String] = []
    /// The fingerprint of the key the signature was checked against.
    public var signer: String?
    /// Whether that key was given by the caller (trusted) or read from the bundle itself.
    public var keyWasGiven: Bool
    public var members = 0

    public var intact: Bool { problems.isEmpty }

    public init(bytes: [UInt8], trustedKey: Curve25519.Signing.PublicKey?) {
        keyWasGiven = trustedKey != nil
        let members: [TarArchive.Member]
        switch TarArchive.read(bytes) {
        case .success(let value): members = value
        case .failure(let failure):
            problems.append("archive altered at \(failure)")
            return
        }
        self.members = members.count
        let byName = Dictionary(members.map { ($0.name, $0.data) }, uniquingKeysWith: { first, _ in first })
        guard let manifestBytes = byName[EvidenceManifest.name] else {
            problems.append("\(EvidenceManifest.name) is missing")
            return
        }
        guard let manifest = EvidenceManifest.parse(manifestBytes) else {
            problems.append("\(EvidenceManifest.name) altered: it is no longer a readable manifest")
            return
        }
        let embedded = Data(base64Encoded: manifest.publicKey).flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
        guard let key = trustedKey ?? embedded else {
            problems.append("\(EvidenceManifest.name) altered: its signing key is unreadable")
            return
        }
        signer = EvidenceKey.fingerprint(key)
        if let trustedKey, let embedded, trustedKey.rawRepresentation != embedded.rawRepresentation {
            problems.append("signed by \(EvidenceKey.fingerprint(embedded)), not by the given key \(EvidenceKey.fingerprint(trustedKey))")
        }
        let signatureText = byName[EvidenceManifest.signatureName].flatMap { String(validatingUTF8CString: $0) }?.trimmingCharacters(in: .newlines)
        if let signatureText, let signature = Data(base64Encoded: signatureText), signature.count == 64 {
            if !key.isValidSignature(signature, for: manifestBytes) {
                problems.append("\(EvidenceManifest.name) or \(EvidenceManifest.signatureName) altered: the signature does not verify")
            }
        } else {
            problems.append("\(EvidenceManifest.signatureName) \(byName[EvidenceManifest.signatureName] == nil ? "is missing" : "altered: not a signature")")
        }
        var listed: Set<String> = [EvidenceManifest.name, EvidenceManifest.signatureName]
        for entry in manifest.entries {
            listed.insert(entry.name)
            guard let data = byName[entry.name] else {
                problems.append("\(entry.name) is missing")
                continue
            }
            let digest = EvidenceManifest.hex(SHA256.hash(data: data))
            if digest != entry.sha256 || data.count != entry.size {
                problems.append("\(entry.name) altered: SHA-256 \(digest.prefix(16))…, \(data.count) bytes; the manifest says \(entry.sha256.prefix(16))…, \(entry.size) bytes")
            }
        }
        for member in members where !listed.contains(member.name) {
            problems.append("\(member.name) was added: it is not in the manifest")
        }
    }
}
