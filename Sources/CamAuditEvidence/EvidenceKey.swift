import Crypto
import Foundation

/// Ed25519 keys as small text files: a first line naming what the file is, then the raw key in
/// base64. The private key file is written mode 0600.
public enum EvidenceKey {
    static let privateTag = "camaudit-evidence-ed25519-private-key"
    static let publicTag = "camaudit-evidence-ed25519-public-key"

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public static func generate() -> Curve25519.Signing.PrivateKey { Curve25519.Signing.PrivateKey() }

    public static func privateText(_ key: Curve25519.Signing.PrivateKey) -> String {
        "\(privateTag)\n\(key.rawRepresentation.base64EncodedString())\n"
    }

    public static func publicText(_ key: Curve25519.Signing.PublicKey) -> String {
        "\(publicTag)\n\(key.rawRepresentation.base64EncodedString())\n"
    }

    /// "ed25519:" and the first 16 hex digits of SHA-256 of the public key: what a person compares.
    public static func fingerprint(_ key: Curve25519.Signing.PublicKey) -> String {
        "ed25519:" + SHA256.hash(data: key.rawRepresentation).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    public static func readPrivate(_ path: String) throws -> Curve25519.Signing.PrivateKey {
        let raw = try body(path, tag: privateTag)
        do { return try Curve25519.Signing.PrivateKey(rawRepresentation: raw) } catch {
            throw Failure(description: "\(path) does not hold a valid Ed25519 private key")
        }
    }

    /// A public key file, or a private key file (whose public half is used).
    public static func readPublic(_ path: String) throws -> Curve25519.Signing.PublicKey {
        if let raw = try? body(path, tag: publicTag), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) { return key }
        if let key = try? readPrivate(path) { return key.publicKey }
        throw Failure(description: "\(path) is not a camaudit evidence key (camaudit evidence keygen writes one)")
    }

    static func body(_ path: String, tag: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path), data.count < 4096 else {
            throw Failure(description: "cannot read the key file \(path)")
        }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        guard lines.count == 2, lines[0] == tag, let raw = Data(base64Encoded: lines[1]), raw.count == 32 else {
            throw Failure(description: "\(path) is not a \(tag) file")
        }
        return raw
    }

    /// Writes both files; refuses to overwrite an existing key.
    public static func write(_ key: Curve25519.Signing.PrivateKey, privatePath: String, publicPath: String) throws {
        for path in [privatePath, publicPath] where FileManager.default.fileExists(atPath: path) {
            throw Failure(description: "\(path) exists; camaudit does not overwrite keys")
        }
        guard FileManager.default.createFile(atPath: privatePath, contents: Data(privateText(key).utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Failure(description: "cannot write \(privatePath)")
        }
        guard FileManager.default.createFile(atPath: publicPath, contents: Data(publicText(key.publicKey).utf8), attributes: [.posixPermissions: 0o644]) else {
            throw Failure(description: "cannot write \(publicPath)")
        }
    }
}

/// The key types under camaudit's names, so callers need not import Crypto.
public typealias EvidenceSigningKey = Curve25519.Signing.PrivateKey
public typealias EvidenceVerifyingKey = Curve25519.Signing.PublicKey

extension EvidenceKey {
    public static func fingerprint(_ key: EvidenceSigningKey) -> String { fingerprint(key.publicKey) }
}
