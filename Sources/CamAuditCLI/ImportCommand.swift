import ArgumentParser
import CamAuditImport
import CamAuditMatching
import CamAuditModel
import CamAuditSignatures
import CamAuditStore
import Foundation

/// `camaudit import dhcp|mac-table|arp|lldp FILE…`: the district's own tables as evidence of
/// devices a scan cannot reach (behind a camera VLAN, a recorder, a firewall). Subcommands of
/// `camaudit import`, beside `purchases`. Reads files only, sends nothing.
struct ImportDHCP: ParsableCommand {
    static let configuration = ImportTableOptions.configuration(.dhcp, abstract: "Record devices from DHCP lease files, classified like a scan.")
    @OptionGroup var options: ImportTableOptions
    func validate() throws { try options.validate(kind: .dhcp) }
    func run() throws { try options.run(kind: .dhcp) }
}

struct ImportMACTable: ParsableCommand {
    static let configuration = ImportTableOptions.configuration(.macTable, abstract: "Record devices from switch MAC address tables, with their switch port.")
    @OptionGroup var options: ImportTableOptions
    func validate() throws { try options.validate(kind: .macTable) }
    func run() throws { try options.run(kind: .macTable) }
}

struct ImportARP: ParsableCommand {
    static let configuration = ImportTableOptions.configuration(.arp, abstract: "Record devices from ARP and IPv6 neighbour tables.")
    @OptionGroup var options: ImportTableOptions
    func validate() throws { try options.validate(kind: .arp) }
    func run() throws { try options.run(kind: .arp) }
}

struct ImportLLDP: ParsableCommand {
    static let configuration = ImportTableOptions.configuration(.lldp, abstract: "Record devices from LLDP neighbour tables.")
    @OptionGroup var options: ImportTableOptions
    func validate() throws { try options.validate(kind: .lldp) }
    func run() throws { try options.run(kind: .lldp) }
}

/// What the four table imports share: files, format, switch, --all, --json, the inventory.
struct ImportTableOptions: ParsableArguments {
    static func configuration(_ kind: ImportKind, abstract: String) -> CommandConfiguration {
        CommandConfiguration(
            commandName: kind.rawValue,
            abstract: abstract,
            discussion: """
            Formats (detected from the content; --format forces one):
            \(kind.formats.map { "  \($0.rawValue.padding(13)) \($0.summary)" }.joined(separator: "\n"))

            Each file is read a line at a time; a line that does not parse is reported as FILE:LINE and \
            skipped. The devices are recorded as one scan of kind 'import' (see --db and --site); \
            devices no fingerprint recognises are left out unless --all or the inventory already \
            holds their MAC. Exit 0 when recorded (skipped lines included), 2 for a format of \
            another kind, 3 when a file cannot be read or its format is not recognised (nothing is \
            recorded then).
            """)
    }

    @Argument(help: "Files to read.")
    var files: [String]

    @Option(help: "The file format, instead of detecting it (see above).")
    var format: String?

    @Option(name: .customLong("switch"), help: "Name of the switch the tables come from, when the file does not name it.")
    var switchName: String?

    @Flag(help: "Record devices with an unknown maker too.")
    var all = false

    @Flag(help: "Print the recorded devices as JSON Lines instead of a table.")
    var json = false

    @OptionGroup var inventory: InventoryOptions

    func validate(kind: ImportKind) throws {
        if let format {
            guard let chosen = ImportFormat(rawValue: format) else {
                throw ValidationError("unknown format '\(format)'. Formats of \(kind.rawValue): \(kind.formats.map(\.rawValue).joined(separator: ", "))")
            }
            guard chosen.kind == kind else {
                throw ValidationError("format '\(format)' is a \(chosen.kind.rawValue) format, not \(kind.rawValue)")
            }
        }
        guard !files.isEmpty else { throw ValidationError("give at least one file") }
    }

    func run(kind: ImportKind) throws {
        let forced = format.flatMap(ImportFormat.init(rawValue:))
        // Every file is opened and its format known before anything is recorded: a typo in one
        // path does not leave half an import in the inventory.
        var formats: [ImportFormat] = []
        var unreadable: [String] = []
        for path in files {
            do {
                formats.append(try TableReader.format(path: path, kind: kind, forced: forced))
            } catch let error as ImportError {
                unreadable.append(error.description)
            }
        }
        guard unreadable.isEmpty else {
            throw RuntimeFailure(description: unreadable.joined(separator: "\ncamaudit: ") + "\nnothing was recorded")
        }
        let store = try inventory.open()
        let scope = "\(kind.rawValue) import of \(files.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))"
        let scan = try store.beginScan(ScanDescription(
            kind: .imported, scope: scope, site: inventory.site,
            settings: .object([("command", .string("import")), ("kind", .string(kind.rawValue)), ("files", .array(files.map(JSONValue.string)))]),
            tableVersion: BuiltInSignatures.table.version, policyVersion: BuiltInSignatures.set.policy.version))
        let session = ImportSession(
            store: store, scan: scan, kind: kind, classifier: DeviceClassifier(table: BuiltInSignatures.table), keepAll: all)
        var reported = 0
        for (path, format) in zip(files, formats) {
            let outcome: TableReader.Outcome
            do {
                outcome = try TableReader.read(
                    path: path, kind: kind, format: format, switchName: switchName,
                    row: { try session.add($0, path: path) },
                    problem: { problem in
                        reported += 1
                        // A file of garbage should not flood the terminal: the count says the rest.
                        if reported <= Self.problemsShown { Output.error(problem.description) }
                    })
            } catch {
                // The scan stays 'running' and is marked interrupted when the inventory is next opened.
                throw RuntimeFailure(description: "\(path): \(error); scan \(scan) is incomplete")
            }
            Output.error("\(path): \(outcome.format.rawValue), \(outcome.lines) lines, \(outcome.rows) rows, \(outcome.problems) lines skipped")
        }
        try session.flush()
        try store.finishScan(scan)
        if reported > Self.problemsShown { Output.error("… and \(reported - Self.problemsShown) more lines skipped") }
        // Listed from a cursor: the output does not hold the devices either.
        var listed = 0
        var flagged = 0
        if !json {
            Output.line("\("ID".padding(5)) \("ADDRESS/MAC".padding(18)) \("VERDICT".padding(15)) \("MAKER".padding(10)) \("BRAND".padding(10)) WHERE")
        }
        try store.forEachDevice(inScan: scan, placeField: ObservationField.switchPort) { row, place in
            listed += 1
            if row.verdict == "covered" || row.verdict == "likely-covered" { flagged += 1 }
            if json {
                Output.line(ListInventory.json(row).serialized())
            } else {
                Output.line("\(String(row.deviceID).padding(5)) \((row.addresses.first ?? row.mac ?? "-").padding(18)) \(row.verdict.padding(15)) \((row.maker ?? "-").padding(10)) \((row.brand ?? "-").padding(10)) \(place ?? "-")")
            }
        }
        let summary = "\(listed) devices recorded as scan \(scan) (\(session.totals.rows) rows read, \(session.totals.rowsLeftOut) rows of unrecognised MACs left out), \(flagged) covered or likely covered."
        if json { Output.error(summary) } else { Output.line(summary) }
    }

    static let problemsShown = 50
}
