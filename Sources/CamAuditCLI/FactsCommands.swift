import ArgumentParser
import CamAuditModel
import CamAuditStore
import Foundation

/// Who enters a fact: `--by`, else the login name.
enum FactAuthor {
    static var `default`: String {
        let environment = ProcessInfo.processInfo.environment
        if let name = environment["SUDO_USER"] ?? environment["USER"] ?? environment["LOGNAME"], !name.isEmpty { return name }
        // No login variables (cron, a service): the account the process runs as.
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }
}

struct SiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "site", abstract: "Facts about a school or site that a scan cannot see.", subcommands: [SiteFacts.self])
}

struct SiteFacts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facts",
        abstract: "Record (or, without options, show) a site's state, funding sources and federal contracts.",
        discussion: "A site's funding applies to its devices unless a device's own facts say otherwise (camaudit device facts). Facts are kept with who entered them and when; a later entry replaces an earlier one, which stays as history.")

    @Option(help: "Inventory database (default: /var/lib/camaudit/inventory.sqlite as root, ~/.local/share/camaudit/inventory.sqlite otherwise).")
    var db: String?

    @Argument(help: "Site name, as scans record it (--site).")
    var name: String

    @Option(help: "Two-letter state code, e.g. LA.")
    var state: String?

    @Option(help: "What paid for the site's devices: e-rate, federal-grant, state, local (comma-separated).")
    var funding: String?

    @Option(help: "Whether the district holds federal contracts: yes or no.")
    var federalContractor: String?

    @Option(help: "Who enters these facts (default: the login name).")
    var by: String = FactAuthor.default

    func validate() throws {
        _ = try FactsEntry.facts(subject: .site(name), [(.state, state), (.funding, funding), (.federalContractor, federalContractor)], by: by)
    }

    func run() throws {
        let facts = try FactsEntry.facts(subject: .site(name), [(.state, state), (.funding, funding), (.federalContractor, federalContractor)], by: by)
        try FactsEntry.record(facts, db: db, show: .site(name))
    }
}

struct DeviceFacts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facts",
        abstract: "Record (or, without options, show) how and when a device was acquired.",
        discussion: "A device's funding overrides its site's. The asset tag lets camaudit import purchases match purchase records to the device.")

    @Option(help: "Inventory database (default: /var/lib/camaudit/inventory.sqlite as root, ~/.local/share/camaudit/inventory.sqlite otherwise).")
    var db: String?

    @Argument(help: "Device id (camaudit inventory list).")
    var id: Int64

    @Option(help: "Acquisition (purchase or lease) date, YYYY-MM-DD.")
    var acquired: String?

    @Option(help: "What paid for it: e-rate, federal-grant, state, local (comma-separated).")
    var funding: String?

    @Option(help: "Contract, purchase order or award number.")
    var contract: String?

    @Option(help: "Anything else counsel should know.")
    var note: String?

    @Option(help: "The district's asset tag.")
    var assetTag: String?

    @Option(help: "Who enters these facts (default: the login name).")
    var by: String = FactAuthor.default

    var pairs: [(FactName, String?)] { [(.acquired, acquired), (.funding, funding), (.contract, contract), (.note, note), (.assetTag, assetTag)] }

    func validate() throws {
        _ = try FactsEntry.facts(subject: .device(id), pairs, by: by)
    }

    func run() throws {
        try FactsEntry.record(try FactsEntry.facts(subject: .device(id), pairs, by: by), db: db, show: .device(id))
    }
}

enum FactsEntry {
    /// Validated facts from options; a bad value is a usage error naming the option.
    static func facts(subject: DistrictFact.Subject, _ pairs: [(FactName, String?)], by: String) throws -> [DistrictFact] {
        if case .site(let name) = subject, name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("the site name is empty") }
        guard !by.isEmpty, by.utf8.count <= 200 else { throw ValidationError("--by must name who enters the facts (at most 200 bytes)") }
        let now = Date()
        return try pairs.compactMap { name, raw in
            guard let raw else { return nil }
            switch FactValidation.normalise(name, raw) {
            case .success(let value): return DistrictFact(subject: subject, name: name, value: value, enteredBy: by, enteredAt: now, origin: "cli")
            case .failure(let problem): throw ValidationError("--\(name.rawValue): \(problem)")
            }
        }
    }

    static func record(_ facts: [DistrictFact], db: String?, show subject: DistrictFact.Subject) throws {
        let options = try InventoryOptions.parse(db.map { ["--db", $0] } ?? [])
        let store = try options.open()
        do {
            if !facts.isEmpty { try store.recordFacts(facts) }
            // A misspelt site name would hold facts no device ever uses: say so.
            if case .site(let name) = subject, try store.inventory(site: name).isEmpty {
                Output.error("note: no device has been recorded at site \(name) yet (camaudit inventory list shows the sites)")
            }
            let all = try store.facts(site: nil)
            let shown = all.filter { $0.subject == subject }
            var latest: [FactName: DistrictFact] = [:]
            for fact in shown { latest[fact.name] = fact }
            if latest.isEmpty {
                Output.line("no facts recorded for \(describe(subject))")
            }
            for name in FactName.allCases {
                guard let fact = latest[name] else { continue }
                Output.line("\(describe(subject))  \(name.rawValue) = \(fact.value)  (entered by \(fact.enteredBy), \(Timestamp.iso8601(fact.enteredAt)), \(fact.origin))")
            }
        } catch let error as StoreError {
            throw RuntimeFailure(description: error.description)
        }
    }

    static func describe(_ subject: DistrictFact.Subject) -> String {
        switch subject {
        case .site(let name): "site \(name)"
        case .device(let id): "device \(id)"
        }
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Bring the district's own records into the inventory.", subcommands: [ImportPurchases.self, ImportDHCP.self, ImportMACTable.self, ImportARP.self, ImportLLDP.self])
}

struct ImportPurchases: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purchases",
        abstract: "Import purchase records (CSV) as device facts, matched by MAC, serial or asset tag.",
        discussion: """
        The first line names the columns: at least one of mac, serial, asset_tag, and any of acquired (YYYY-MM-DD), \
        funding (e-rate, federal-grant, state, local), contract, note. A row that matches no device, or more than one, \
        is listed and not applied; a line that cannot be read is reported as FILE:LINE and the others are kept. \
        Exit 0 when every row was applied, 1 when some were not, 3 when the file cannot be read.
        """)

    @Option(help: "Inventory database (default: /var/lib/camaudit/inventory.sqlite as root, ~/.local/share/camaudit/inventory.sqlite otherwise).")
    var db: String?

    @Argument(help: "CSV file of purchase records.")
    var file: String

    @Option(help: "Who enters these facts (default: the login name).")
    var by: String = FactAuthor.default

    @Flag(help: "Show what would be applied without recording it.")
    var dryRun = false

    func run() throws {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
              (attributes[.size] as? Int ?? 0) <= PurchaseImport.maximumBytes,
              let data = FileManager.default.contents(atPath: file) else {
            throw RuntimeFailure(description: "cannot read \(file) (or it is larger than \(PurchaseImport.maximumBytes >> 20) MiB)")
        }
        let options = try InventoryOptions.parse(db.map { ["--db", $0] } ?? [])
        let store = try options.open()
        let text = String(decoding: data, as: UTF8.self)
        let result = PurchaseImport(text: text, file: file, devices: try store.inventory(site: nil), facts: try store.facts(site: nil), by: by, at: Date())
        for problem in result.problems { Output.error(problem) }
        for item in result.unmatched { Output.line("\(file):\(item.line): no device matches \(item.key): not applied") }
        for item in result.ambiguous { Output.line("\(file):\(item.line): \(item.key) matches devices \(item.devices.map(String.init).joined(separator: ", ")): not applied") }
        if !dryRun && !result.facts.isEmpty {
            do { try store.recordFacts(result.facts) } catch let error as StoreError { throw RuntimeFailure(description: error.description) }
        }
        Output.line("\(result.applied.count) row\(result.applied.count == 1 ? "" : "s") \(dryRun ? "would be " : "")applied (\(result.facts.count) facts), \(result.unmatched.count) matched no device, \(result.ambiguous.count) matched several, \(result.problems.count) problem\(result.problems.count == 1 ? "" : "s")")
        if !result.unmatched.isEmpty || !result.ambiguous.isEmpty || !result.problems.isEmpty {
            throw ExitCode(1)
        }
    }
}
