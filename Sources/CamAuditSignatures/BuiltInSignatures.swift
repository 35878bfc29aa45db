import CamAuditMatching
import CamAuditSignatureFormat

/// The signature table compiled into the binary from `Signatures/` at build time.
public enum BuiltInSignatures {
    /// The definitions, as validated by the build. Decoding cannot fail unless the generated
    /// source and this library disagree on the format: a build defect, not an input error.
    public static let set: SignatureSet = {
        do {
            return try GeneratedSignatureTable.make()
        } catch {
            fatalError("built-in signature table is unreadable: \(error)")
        }
    }()

    /// Ready to match: every regex compiled (and JIT-compiled) once.
    public static let table: SignatureTable = {
        do {
            return try SignatureTable(set)
        } catch {
            fatalError("built-in signature table failed to compile at run time: \(error)")
        }
    }()

    public static let classifier = DeviceClassifier(table: table)
}
