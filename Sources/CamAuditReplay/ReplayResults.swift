import Foundation

/// What `camaudit scan --jsonl` or `camaudit analyze --jsonl` said about each address.
public struct ReplayFinding: Sendable {
    public var verdict: String
    public var covered: Bool?
    public var maker: String?
    public var summary: String

    /// One finding per address; `ip` is a string (scan) or an array (analyze). An address a
    /// command reports twice keeps its flagged finding: a split device is found if either half is.
    public static func byAddress(jsonl text: String) -> [String: ReplayFinding] {
        var found: [String: ReplayFinding] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("{") {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else { continue }
            let addresses = (object["ip"] as? [String]) ?? [(object["ip"] as? String)].compactMap { $0 }
            let finding = ReplayFinding(verdict: object["verdict"] as? String ?? "unknown", covered: object["covered"] as? Bool,
                                        maker: object["maker"] as? String, summary: object["summary"] as? String ?? evidenceSummary(object))
            for address in addresses where found[address]?.covered != true {
                found[address] = finding
            }
        }
        return found
    }

    /// Scan results carry no summary: the status, open ports and the fields matched instead.
    static func evidenceSummary(_ object: [String: Any]) -> String {
        let ports = (object["ports"] as? [Int] ?? []).map(String.init).joined(separator: ",")
        let fields = (object["evidence"] as? [[String: Any]] ?? []).compactMap { evidence -> String? in
            guard let field = evidence["field"] as? String else { return nil }
            return "\(field)=\(evidence["fingerprint"] as? String ?? "?")"
        }
        return "\(object["status"] as? String ?? "?"); ports \(ports.isEmpty ? "none" : ports); evidence \(fields.isEmpty ? "none" : fields.joined(separator: " "))"
    }
}
