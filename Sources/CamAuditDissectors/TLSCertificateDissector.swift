import CamAuditModel

/// Certificate subject and issuer lines (`Subject: …` / `Issuer: …`), the form libcurl's
/// certificate info and the recorded corpus both use.
public enum TLSCertificateDissector {
    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        let text = Bytes.text(bytes.prefix(64 << 10))
        var out: [Observation] = []
        for line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("Subject:") {
                out.append(Observation(field: ObservationField.tlsSubject, value: normalizedDN(line.dropFirst(8)), source: source))
            } else if line.hasPrefix("Issuer:") {
                out.append(Observation(field: ObservationField.tlsIssuer, value: normalizedDN(line.dropFirst(7)), source: source))
            } else if line.hasPrefix("Start date:") {
                out.append(Observation(field: ObservationField.tlsNotBefore, value: Bytes.trimmed(line.dropFirst(11)), source: source))
            } else if line.hasPrefix("Expire date:") {
                out.append(Observation(field: ObservationField.tlsNotAfter, value: Bytes.trimmed(line.dropFirst(12)), source: source))
            }
        }
        guard !out.isEmpty else { throw DissectError("no Subject: or Issuer: line in the certificate text") }
        return out
    }

    /// One spelling for every source: `C=CN, ST=ZJ`, `C=CN,ST=ZJ` and OpenSSL's one-line form
    /// `C = CN, ST = ZJ` (what libcurl's certificate info gives) all become `C=CN,ST=ZJ`.
    static func normalizedDN(_ text: Substring) -> String {
        text.split(separator: ",").map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pieces.count == 2 else { return Bytes.trimmed(part) }
            return Bytes.trimmed(pieces[0]) + "=" + Bytes.trimmed(pieces[1])
        }.joined(separator: ",")
    }
}
