import Crypto
import Foundation

/// The bundle's table of contents: one line per member with its SHA-256 and size, after a
/// header naming the format, the creation time, the site and the signing key. The Ed25519
/// signature (MANIFEST.sig) covers these exact bytes.
///
///     camaudit-evidence-bundle 1
///     created 2026-12-06T20:10:00.000000Z
///     site North
///     key ed25519:0123456789abcdef MCowBQYDK2VwAyEA…
///     <sha256 hex> <size> <member name>
public struct EvidenceManifest: Sendable, Equatable {
    public static let name = "MANIFEST"
    public static let signatureName = "MANIFEST.sig"
    static let magic = "camaudit-evidence-bundle 1"

    public struct Entry: Sendable, Equatable {
        public var name: String
        public var sha256: String
        public var size: Int
    }

    public var created: String
    public var site: String
    /// Base64 of the raw Ed25519 public key that signed the bundle.
    public var publicKey: String
    public var entries: [Entry]

    public init(created: String, site: String, publicKey: String, members: [TarArchive.Member]) {
        self.created = created
        self.site = site
        self.publicKey = publicKey
        entries = members.map { Entry(name: $0.name, sha256: Self.hex(SHA256.hash(data: $0.data)), size: $0.data.count) }
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    public var text: String {
        var out = "\(Self.magic)\ncreated \(created)\nsite \(site)\nkey \(publicKey)\n"
        for entry in entries { out += "\(entry.sha256) \(entry.size) \(entry.name)\n" }
        return out
    }

    /// Parses a manifest read from a bundle: strict, bounded by the archive it came from.
    public static func parse(_ bytes: [UInt8]) -> EvidenceManifest? {
        guard let text = String(validatingUTF8CString: bytes) else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.last == "", lines.count >= 5 else { return nil }
        lines.removeLast()
        guard lines[0] == magic, lines[1].hasPrefix("created "), lines[2].hasPrefix("site "), lines[3].hasPrefix("key ") else { return nil }
        var manifest = EvidenceManifest(created: String(lines[1].dropFirst(8)), site: String(lines[2].dropFirst(5)), publicKey: String(lines[3].dropFirst(4)), members: [])
        for line in lines.dropFirst(4) {
            let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
            guard parts.count == 3, parts[0].count == 64, parts[0].allSatisfy(\.isHexDigit), let size = Int(parts[1]), size >= 0,
                  TarArchive.isSafeName(parts[2]) else { return nil }
            manifest.entries.append(Entry(name: parts[2], sha256: parts[0], size: size))
        }
        return manifest
    }
}

extension String {
    /// UTF-8 text without NUL bytes, or nil.
    init?(validatingUTF8CString bytes: [UInt8]) {
        guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else { return nil }
        self = text
    }
}
