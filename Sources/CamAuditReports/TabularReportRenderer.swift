import CamAuditModel
import CamAuditStore

/// CSV, JSON and Markdown for IT staff: one row per device, stable column names (README).
public struct TabularReportRenderer {
    public static let columns = [
        "device_id", "site", "ip", "mac", "mac_source", "maker", "brand", "model", "firmware", "device_type",
        "verdict", "covered", "confidence", "lists", "remediation", "first_seen", "last_seen", "summary", "determinations",
    ]

    public init() {}

    func values(_ row: InventoryRow, _ determinations: [Determination]) -> [String] {
        let covered = row.verdict == "covered" || row.verdict == "likely-covered" ? "true" : row.verdict == "not-covered" ? "false" : ""
        return [
            String(row.deviceID), row.site ?? "", row.addresses.joined(separator: " "), row.mac ?? "", row.macSource ?? "", row.maker ?? "",
            row.brand ?? "", row.model ?? "", row.firmware ?? "", row.deviceType ?? "", row.verdict, covered,
            String(row.confidence), row.lists.joined(separator: " "), row.remediation ?? "",
            Timestamp.iso8601(row.firstSeen), Timestamp.iso8601(row.lastSeen), row.summary,
            // `list=outcome: sentence`, most pressing first, joined by " | ".
            determinations.map { "\($0.listID)=\($0.outcome.rawValue): \($0.sentence)" }.joined(separator: " | "),
        ]
    }

    public func csv(_ report: BoardReport) -> String {
        var out = Self.columns.joined(separator: ",") + "\r\n"
        for row in report.rows {
            out += values(row, report.determinations[row.deviceID] ?? []).map(Escaping.csv).joined(separator: ",") + "\r\n"
        }
        return out
    }

    public func markdown(_ report: BoardReport) -> String {
        var out = "# Surveillance equipment audit\n\n**\(Escaping.markdown(report.headline))**\n\n"
        out += "What the law asks of the district: \(Escaping.markdown(report.law.sentence))\n\n"
        out += "| site | address | maker | brand | model | type | verdict |\n|---|---|---|---|---|---|---|\n"
        for row in report.rows {
            let cells = [row.site ?? "", row.addresses.first ?? row.mac ?? "", row.maker ?? "", row.brand ?? "", row.model ?? "", row.deviceType ?? "", row.verdict]
            out += "| " + cells.map(Escaping.markdown).joined(separator: " | ") + " |\n"
        }
        for site in report.recorderSites {
            out += "\n**\(Escaping.markdown(site.site))**: \(Escaping.markdown(site.sentence)) (\(site.recorders.compactMap(\.row.model).map(Escaping.markdown).joined(separator: ", "))).\n"
        }
        out += "\nPolicy \(Escaping.markdown(report.policy.version)), signature table \(Escaping.markdown(report.tableVersion)). Lists: "
        out += report.policy.lists.map { "\(Escaping.markdown($0.name)) (\(Escaping.markdown($0.citation)), \($0.date))" }.joined(separator: "; ") + ".\n"
        return out
    }

    public func json(_ report: BoardReport) -> String {
        let devices: [JSONValue] = report.rows.map { row in
            .object(zip(Self.columns, values(row, report.determinations[row.deviceID] ?? [])).map { name, value in
                switch name {
                case "device_id": (name, .int(Int(row.deviceID)))
                case "confidence": (name, .number(row.confidence))
                case "covered": (name, value.isEmpty ? .null : .bool(value == "true"))
                case "ip": (name, .array(row.addresses.map(JSONValue.string)))
                case "lists": (name, .array(row.lists.map(JSONValue.string)))
                case "determinations": (name, .array((report.determinations[row.deviceID] ?? []).map(\.json)))
                default: (name, value.isEmpty ? .null : .string(value))
                }
            })
        }
        return JSONValue.object([
            ("generated_at", .string(Timestamp.iso8601(report.generatedAt))),
            ("headline", .string(report.headline)),
            ("law", .string(report.law.sentence)),
            ("policy_version", .string(report.policy.version)),
            ("table_version", .string(report.tableVersion)),
            ("sites", .array(report.sites.map { site in
                .object([("site", .string(site.site)), ("devices", .int(site.devices)), ("covered", .int(site.covered)),
                         ("likely_covered", .int(site.likelyCovered)), ("not_covered", .int(site.notCovered)), ("unknown", .int(site.unknown))])
            })),
            ("devices", .array(devices)),
            ("hidden_behind_recorders", .array(report.recorderSites.map(Self.json))),
        ]).serialized() + "\n"
    }

    /// One site's cameras behind recorders, for `json`.
    static func json(_ site: BoardReport.RecorderSite) -> JSONValue {
        let recorders: [JSONValue] = site.recorders.map { recorder in
            let channels: JSONValue = recorder.inputs.channels.map { .int($0) } ?? .null
            let poePorts: JSONValue = recorder.inputs.poePorts.map { .int($0) } ?? .null
            return .object([
                ("device_id", .int(Int(recorder.row.deviceID))), ("model", .optional(recorder.row.model)),
                ("device_type", .optional(recorder.row.deviceType)), ("channels", channels), ("poe_ports", poePorts),
                ("may_hide", .int(recorder.hidden)),
            ])
        }
        return .object([("site", .string(site.site)), ("up_to", .int(site.upTo)), ("recorders", .array(recorders))])
    }
}
