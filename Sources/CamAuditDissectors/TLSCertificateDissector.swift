import Foundation
import CamAuditModel

/// Certificate subject and issuer in the printed forms people have: libcurl's certificate info
/// and the corpus (`Subject: …`), `curl -v` (`*  subject: C=CN; O=…`), `openssl x509 -text`
/// (indented `Subject: C = CN, O = …`), `openssl x509 -subject` (`subject=/C=CN/O=…`), and a
/// bare RFC 4514 line (`CN=…,O=…,C=CN`, taken as the subject). Any case.
public enum TLSCertificateDissector {
    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        let text = Bytes.text(bytes.prefix(64 << 10))
        var out: [Observation] = []
        let labels: [(String, String)] = [
            ("subject", ObservationField.tlsSubject), ("issuer", ObservationField.tlsIssuer),
            ("start date", ObservationField.tlsNotBefore), ("expire date", ObservationField.tlsNotAfter),
            ("not before", ObservationField.tlsNotBefore), ("not after", ObservationField.tlsNotAfter),
        ]
        var bareLines: [Substring] = []
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.drop { $0 == " " || $0 == "\t" || $0 == "*" || $0 == "|" }
            let lowered = line.lowercased()
            var matched = false
            for (label, field) in labels where lowered.hasPrefix(label) {
                let rest = line.dropFirst(label.count).drop { $0 == " " }
                guard let separator = rest.first, separator == ":" || separator == "=" else { continue }
                let value = rest.dropFirst()
                let isName = field == ObservationField.tlsSubject || field == ObservationField.tlsIssuer
                let normalised = isName ? normalizedDN(value) : Bytes.trimmed(value)
                if !normalised.isEmpty { out.append(Observation(field: field, value: normalised, source: source)) }
                matched = true
                break
            }
            if !matched, looksLikeDN(line) { bareLines.append(line) }
        }
        if out.isEmpty, let first = bareLines.first {
            out.append(Observation(field: ObservationField.tlsSubject, value: normalizedDN(first), source: source))
        }
        guard !out.isEmpty else { throw DissectError("no subject or issuer in the certificate text (Subject: …, curl -v subject:, openssl x509 -text, or an RFC 4514 name)") }
        return out
    }

    /// One spelling for every form: `C=CN, ST=ZJ`, `C = CN, ST = ZJ`, `C=CN; ST=ZJ` and
    /// `/C=CN/ST=ZJ` all become `C=CN,ST=ZJ`; attribute names upper-cased; an RFC 4514 name
    /// (most specific first) is put in the usual order, country first.
    static func normalizedDN(_ text: Substring) -> String {
        let trimmed = Substring(Bytes.trimmed(unescapedSpaces(text)))
        let parts: [Substring]
        if trimmed.hasPrefix("/") {
            parts = trimmed.split(separator: "/")
        } else {
            parts = splitUnescaped(trimmed)
        }
        var pairs: [(String, String)] = []
        for part in parts {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pieces.count == 2 else {
                // An unescaped comma inside a value ("Co.,Ltd."): it belongs to the value before.
                let value = Bytes.trimmed(part)
                if value.isEmpty { continue }
                if pairs.isEmpty { pairs.append(("", value)) } else { pairs[pairs.count - 1].1 += value }
                continue
            }
            pairs.append((Bytes.trimmed(pieces[0]).uppercased(), valueText(pieces[1])))
        }
        if let first = pairs.first?.0, let last = pairs.last?.0, ["CN", "E", "EMAILADDRESS", "UID"].contains(first), ["C", "DC"].contains(last) {
            pairs.reverse()
        }
        return pairs.map { $0.0.isEmpty ? $0.1 : "\($0.0)=\($0.1)" }.joined(separator: ",")
    }

    /// OpenSSL prints bytes above 0x7F as `\xC2\xA0`, and Dahua's CA writes its names with
    /// no-break spaces: both become plain spaces, so `Zhejiang Dahua Technology` reads as one.
    static func unescapedSpaces(_ text: Substring) -> Substring {
        var result = String(text)
        // OpenSSL escapes bytes above 0x7F as `\C2\A0` (RFC 2253 names, libcurl's certificate
        // info) or `\xC2\xA0` (its other printers).
        for escaped in ["\\xC2\\xA0", "\\xc2\\xa0", "\\C2\\A0", "\\c2\\a0", "\\xA0", "\\xa0"] {
            result = result.replacingOccurrences(of: escaped, with: " ")
        }
        result = String(result.map { $0 == "\u{00A0}" || $0 == "\u{2007}" || $0 == "\u{202F}" ? " " : $0 })
        return Substring(result)
    }

    /// A value as the certificate's DER reading gives it (`X509Names`), so both paths match the
    /// same fingerprints: quotes that libcurl adds around values with commas dropped, commas
    /// inside a value dropped ("CO.,LTD." reads "CO.LTD.").
    static func valueText(_ raw: Substring) -> String {
        var value = Bytes.trimmed(raw)
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
        return value.replacingOccurrences(of: "\\,", with: "").filter { $0 != "," }
    }

    /// Splits on `,` and `;` that are neither escaped with a backslash (RFC 4514 `\,`) nor
    /// inside double quotes (libcurl's `O = "Co.,Ltd."`).
    static func splitUnescaped(_ text: Substring) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        var escaped = false
        var quoted = false
        while index < text.endIndex {
            let character = text[index]
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if !quoted, character == "," || character == ";" {
                parts.append(text[start..<index])
                start = text.index(after: index)
            }
            index = text.index(after: index)
        }
        parts.append(text[start...])
        return parts.filter { !Bytes.trimmed($0).isEmpty }
    }

    /// `CN=…,O=…` with at least two attribute=value pairs whose names are the usual ones.
    static func looksLikeDN(_ line: Substring) -> Bool {
        let known: Set<String> = ["C", "ST", "L", "O", "OU", "CN", "E", "EMAILADDRESS", "DC", "UID", "SN", "SERIALNUMBER"]
        let names = (line.hasPrefix("/") ? line.split(separator: "/") : splitUnescaped(line)).compactMap { part -> String? in
            let pieces = part.split(separator: "=", maxSplits: 1)
            return pieces.count == 2 ? Bytes.trimmed(pieces[0]).uppercased() : nil
        }
        return names.count >= 2 && names.allSatisfy(known.contains)
    }
}
