import CamAuditMatching
import CamAuditSignatureFormat

/// The signature table compiled into the binary from `Signatures/` at build time.
public enum BuiltInSignatures {
    /// The definitions, as validated by the build.
    public static let set: SignatureSet = GeneratedSignatureTable.make()

    /// Ready to match. The build already compiled every regex once, so failure here would be
    /// an engine mismatch between build and run time: a bug, not an input error.
    public static let table: SignatureTable = {
        do {
            return try SignatureTable(set)
        } catch {
            fatalError("built-in signature table failed to compile at run time: \(error)")
        }
    }()

    public static let classifier = DeviceClassifier(table: table)
}
