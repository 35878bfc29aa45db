import Foundation

/// One publication that data came from, so that leave-one-source-out scoring can hold back the
/// fingerprints written from it. Provenance is written many ways (`owner/name@commit:path`,
/// a GitHub URL, `protocols.md §5.1 [TAG]`, free text); each spelling of one publication must
/// give one key, and a key errs towards grouping (a whole repository is one source).
public enum SourceKey {
    /// The key of a provenance string as the corpus and signature examples write it.
    public static func of(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let lowered = trimmed.lowercased()
        if let url = urlKey(lowered) { return url }
        if lowered.hasPrefix("ieee") || lowered.contains("ieee-data") || lowered.contains("ieee ma-") { return "ieee-registry" }
        if lowered.contains("protocols.md") || lowered.contains("banlists.md") {
            // The reference cites its sources as [TAG]; without one the reference itself is the source.
            if let open = trimmed.firstIndex(of: "["), let close = trimmed[open...].firstIndex(of: "]") {
                let tag = trimmed[trimmed.index(after: open)..<close].split(separator: "]").first ?? ""
                let first = tag.split(whereSeparator: { $0 == " " || $0 == "," }).first.map(String.init) ?? ""
                if !first.isEmpty { return ReferenceTags.resolve("ref:" + first.lowercased()) }
            }
            return "ref:" + (lowered.contains("banlists.md") ? "banlists.md" : "protocols.md")
        }
        if let repo = repositoryKey(trimmed) { return repo }
        return "text:" + lowered
    }

    /// The key of a structured provenance (`{"repo", "url", …}` of the evaluation set).
    public static func of(repo: String?, url: String?) -> String? {
        let threadKey = url.flatMap { urlKey($0.lowercased()) }.flatMap { $0.hasSuffix("#threads") ? $0 : nil }
        if let threadKey { return threadKey }
        if let repo, !repo.isEmpty { return repositoryKey(repo) ?? repo.lowercased() }
        if let url, !url.isEmpty { return urlKey(url.lowercased()) ?? url.lowercased() }
        return nil
    }

    /// `https://github.com/owner/name/...` → `owner/name` (its issue and pull-request threads →
    /// `owner/name#threads`); other URLs → host and path.
    static func urlKey(_ lowered: String) -> String? {
        guard let schemeEnd = lowered.range(of: "://") else { return nil }
        let rest = lowered[schemeEnd.upperBound...]
        let parts = rest.split(separator: "/", omittingEmptySubsequences: true)
        guard let host = parts.first else { return nil }
        let bareHost = host.hasPrefix("www.") ? host.dropFirst(4) : host[...]
        if ["github.com", "raw.githubusercontent.com", "gitlab.com"].contains(String(bareHost)), parts.count >= 3 {
            // What users paste in a project's threads is another publication than the files its
            // maintainers commit (a fixture): other people, other devices. All threads of one
            // repository are one source.
            if parts.count >= 4, ["issues", "pull", "discussions"].contains(String(parts[3])) {
                return "\(parts[1])/\(parts[2])#threads"
            }
            return "\(parts[1])/\(parts[2])"
        }
        let path = parts.dropFirst().joined(separator: "/").split(separator: "?").first.map(String.init) ?? ""
        let cleaned = path.split(separator: "#").first.map(String.init) ?? ""
        return cleaned.isEmpty ? String(bareHost) : "\(bareHost)/\(cleaned)"
    }

    /// `rapid7/recog@sha:xml/x.xml`, `rapid7/recog xml/x.xml`, `owner/name issue #2` → `owner/name`.
    static func repositoryKey(_ text: String) -> String? {
        let head = text.prefix { !" @:(".contains($0) }
        let parts = head.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) } }),
              !parts[1].contains(".md"), !parts[1].hasSuffix(".xml") else { return nil }
        return head.lowercased()
    }
}
