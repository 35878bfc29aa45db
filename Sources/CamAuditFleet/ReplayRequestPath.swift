import Foundation

/// Which request a recorded HTTP answer came from, read from its record, and whether the
/// scanner ever makes that request (HostProber: `GET /`, then `/ISAPI/System/deviceInfo` or
/// `/cgi-bin/magicBox.cgi?action=getSystemInfo`).
enum ReplayRequestPath {
    static let root = "/"
    static let isapiDeviceInfo = "/ISAPI/System/deviceInfo"
    /// Routes compare paths without the query: this route answers getSystemInfo, the only
    /// magicBox action the scanner asks.
    static let dahuaSystemInfo = "/cgi-bin/magicBox.cgi"

    /// The request a record names: by its protocol where that fixes it, else the first path
    /// its note mentions; nil when it names none (the answer then stands for `/`).
    static func named(by record: ReplayRecord) -> String? {
        switch record.protocolName {
        case "isapi-deviceinfo": return isapiDeviceInfo
        case "dahua-cgi-systeminfo": return dahuaSystemInfo + "?action=getSystemInfo"
        case "dahua-rpc2-login": return "/RPC2_Login"
        default: return firstPath(in: record.note)
        }
    }

    /// The scanner's path for a named request, or nil when the scanner never asks it.
    static func asked(_ named: String?) -> String? {
        guard let named else { return root }
        let lower = named.lowercased().drop(while: { $0 == "/" })
        if lower.isEmpty { return root }
        if lower == "isapi/system/deviceinfo" { return isapiDeviceInfo }
        if lower.hasSuffix("magicbox.cgi?action=getsysteminfo") { return dahuaSystemInfo }
        return nil
    }

    /// Patterns of request paths as notes write them, most specific first.
    private static let patterns: [NSRegularExpression] = [
        #"/?ISAPI/[A-Za-z0-9_/]+"#,
        #"[A-Za-z0-9_\-/]*\.cgi(\?[A-Za-z0-9_=&.\-]*)?"#,
        #"/RPC2[A-Za-z_]*|\bRPC\b"#,
        #"/proxy/[A-Za-z0-9_/]+"#,
        #"\balertStream\b"#,
        #"\bGET /(?=[\s,;)]|$)"#,
    ].map { try! NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }

    static func firstPath(in note: String) -> String? {
        let range = NSRange(note.startIndex..., in: note)
        let earliest = patterns.compactMap { $0.firstMatch(in: note, range: range) }.min { $0.range.location < $1.range.location }
        guard let match = earliest, let found = Range(match.range, in: note) else { return nil }
        let text = String(note[found])
        if text.hasPrefix("GET ") { return root }
        if text.caseInsensitiveCompare("alertStream") == .orderedSame { return "/ISAPI/Event/notification/alertStream" }
        if text.caseInsensitiveCompare("RPC") == .orderedSame { return "/RPC2" }
        return text
    }
}
