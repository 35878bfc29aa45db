import CamAuditModel
import CamAuditStore
import Foundation

/// The opening of the board report: what the law asks of the district, from the facts it
/// entered (prohibited and under which rule, restricted, facts still missing), and the
/// appendix of those facts with who entered them. Every value goes through `Escaping.html`.
extension HTMLReportRenderer {
    func lawSection(_ report: BoardReport) -> String {
        let e = Escaping.html
        let law = report.law
        let lists = Dictionary(report.policy.lists.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func ruleName(_ id: String) -> String {
            guard let list = lists[id] else { return e(id) }
            return "\(e(list.name)) <span class=\"small\">(\(e(list.citation.split(separator: ";").first.map(String.init) ?? list.citation)))</span>"
        }
        func device(_ row: InventoryRow) -> String {
            let label = [row.model, row.brand ?? row.maker].compactMap { $0 }.first ?? "device"
            return "\(row.deviceID) · \(e(label)) · \(e(row.addresses.first ?? row.mac ?? ""))"
        }
        var html = "<h2 id=\"law\">What the law asks of the district</h2>\n<p class=\"law\">\(e(law.sentence))</p>\n"
        for (title, id, items) in [("Prohibited", "prohibited", law.prohibited), ("Restricted", "restricted", law.restricted)] where !items.isEmpty {
            html += "<h3>\(title)</h3>\n<table id=\"\(id)\"><tr><th>Site</th><th>Device</th><th>Rule</th><th>Why</th></tr>\n"
            for item in items {
                html += "<tr><td>\(e(item.row.site ?? ""))</td><td>\(device(item.row))</td><td class=\"\(id)\">\(ruleName(item.determination.listID))</td><td>\(e(item.determination.sentence))</td></tr>\n"
            }
            html += "</table>\n"
        }
        if !law.missing.isEmpty {
            html += "<h3>Facts still missing</h3>\n<table id=\"needs-facts\"><tr><th>Site</th><th>Fact</th><th>Devices it decides</th><th>Rules waiting on it</th><th>How to enter it</th></tr>\n"
            for missing in law.missing {
                let ids = missing.devices.prefix(20).map(String.init).joined(separator: ", ") + (missing.devices.count > 20 ? ", …" : "")
                html += "<tr><td>\(e(missing.site))</td><td>\(e(missing.fact.phrase))</td><td>\(missing.devices.count) (\(ids))</td><td>\(missing.lists.map(ruleName).joined(separator: "; "))</td><td><code>\(e(missing.fact.howToEnter))</code></td></tr>\n"
            }
            html += "</table>\n"
        }
        if law.notReached > 0 {
            html += "<p>\(law.notReached) flagged device\(law.notReached == 1 ? " is" : "s are") reached by no rule on the facts entered (bought with local or state funds, outside Louisiana, no federal contracts); each sentence is under “Rule by rule, device by device”.</p>\n"
        }
        html += "<p class=\"small\">Outcomes follow the rules in policy \(e(report.policy.version)) and the facts the district entered (appendix). They are compliance flags for counsel and the board, not legal advice; \"prohibited\" means the facts put the purchase or its funding inside a rule's prohibition, not that the device must be removed.</p>\n"
        return html
    }

    /// The device list's cell: each outcome other than not-reached, with its rule.
    func determinationCell(_ determinations: [Determination]) -> String {
        guard !determinations.isEmpty else { return "" }
        let pressing = determinations.filter { $0.outcome != .notReached }
        let quiet = determinations.count - pressing.count
        var parts = pressing.map { "<span class=\"\(Escaping.html($0.outcome.rawValue))\">\(Escaping.html($0.outcome.rawValue))</span> \(Escaping.html($0.listID))" }
        if quiet > 0 { parts.append("not reached by \(quiet) other\(quiet == 1 ? "" : "s")") }
        return parts.joined(separator: "<br>")
    }

    /// Every flagged device's outcome under each rule that turns on the district's facts, with
    /// its sentence; the context-only lists (no effect on buying or owning) are left to the
    /// appendix of lists and to CSV/JSON.
    func determinationsByDevice(_ report: BoardReport) -> String {
        let e = Escaping.html
        let turnsOnFacts = Set(report.policy.lists.filter { $0.effect == "direct" || $0.effect == "conditional" }.map(\.id))
        var html = "<h2 id=\"rule-by-rule\">Rule by rule, device by device</h2>\n<table id=\"determinations\"><tr><th>Device</th><th>Site</th><th>Rule</th><th>Outcome</th><th>Why</th></tr>\n"
        var any = false
        // Devices alike share their sentences (BoardReport): escape each once.
        var cells: [String: String] = [:]
        for row in report.flagged {
            for item in report.determinations[row.deviceID] ?? [] where turnsOnFacts.contains(item.listID) {
                any = true
                let key = item.listID + "\u{1F}" + item.outcome.rawValue + "\u{1F}" + item.sentence
                let rest = cells[key] ?? {
                    let cell = "<td>\(e(item.listID))</td><td class=\"\(e(item.outcome.rawValue))\">\(e(item.outcome.rawValue))</td><td>\(e(item.sentence))</td></tr>\n"
                    cells[key] = cell
                    return cell
                }()
                html += "<tr><td>\(row.deviceID)</td><td>\(e(row.site ?? ""))</td>" + rest
            }
        }
        return any ? html + "</table>\n" : ""
    }

    func factsAppendix(_ report: BoardReport) -> String {
        let e = Escaping.html
        var html = "<h2>Appendix: facts entered by the district</h2>\n"
        guard !report.facts.isEmpty else {
            return html + "<p>No facts entered yet: every rule that turns on funding, purchase date, state or federal contracts shows as needs-facts.</p>\n"
        }
        html += "<table id=\"facts\"><tr><th>For</th><th>Fact</th><th>Value</th><th>Entered by</th><th>When</th><th>From</th></tr>\n"
        for fact in report.facts {
            let subject: String
            switch fact.subject {
            case .site(let name): subject = "site " + name
            case .device(let id): subject = "device \(id)"
            }
            html += "<tr><td>\(e(subject))</td><td>\(e(fact.name.rawValue))</td><td>\(e(fact.value))</td><td>\(e(fact.enteredBy))</td><td>\(e(Timestamp.iso8601(fact.enteredAt)))</td><td>\(e(fact.origin))</td></tr>\n"
        }
        return html + "</table>\n"
    }
}
