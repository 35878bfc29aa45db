/// Every string that came from a device is hostile. These are the only ways reports emit text.
public enum Escaping {
    /// HTML text and attribute values.
    public static func html(_ text: String) -> String {
        // Most text needs nothing: return it as it is without building a copy.
        if !text.utf8.contains(where: { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" {
                    out += "&#xFFFD;"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// One CSV field: quoted, quotes doubled, and neutralised against formula injection
    /// (a cell starting with = + - @ tab or CR is prefixed with an apostrophe, OWASP's advice).
    public static func csv(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            value = "'" + value
        }
        return "\"" + value.replacingAll("\"", with: "\"\"") + "\""
    }

    /// Markdown table cell: no pipes, no line breaks, no HTML, no link or emphasis syntax.
    public static func markdown(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r": out += " "
            case "|", "\\", "`", "*", "_", "[", "]", "<", ">", "#", "!", "~": out += "\\" + String(scalar)
            default:
                if scalar.value < 0x20 { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
