import ArgumentParser
import CamAuditModel
import CamAuditSignatures
import CamAuditStore
import Foundation

struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "Read the inventory (devices with their latest verdict, scans, what changed), push a local one into the district's, set up PostgreSQL.",
        subcommands: [ListInventory.self, InventoryScans.self, InventoryDiffCommand.self, InventoryPush.self, InventoryInitPostgres.self],
        defaultSubcommand: ListInventory.self
    )
}

struct ListInventory: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every device with its latest conclusion, covered first.")

    @OptionGroup var inventory: InventoryOptions

    @Flag(help: "JSON Lines instead of a table.")
    var json = false

    func run() throws {
        // School by school (devices without a site first), covered first within each.
        let rows = try inventory.open().inventory(site: inventory.site).enumerated()
            .sorted { ($0.element.site ?? "", $0.offset) < ($1.element.site ?? "", $1.offset) }.map(\.element)
        if json {
            for row in rows { Output.line(Self.json(row).serialized()) }
            return
        }
        Output.line("\("ID".padding(5)) \("SITE".padding(14)) \("ADDRESS".padding(16)) \("VERDICT".padding(15)) \("MAKER".padding(10)) \("MODEL".padding(22)) \("TYPE".padding(14)) STATUS")
        for row in rows {
            Output.line("\(String(row.deviceID).padding(5)) \((row.site ?? "-").padding(14)) \((row.addresses.first ?? row.mac ?? "-").padding(16)) \(row.verdict.padding(15)) \((row.maker ?? "-").padding(10)) \((row.model ?? "-").padding(22)) \((row.deviceType ?? "-").padding(14)) \(row.remediation ?? "-")")
        }
        let covered = { (rows: [InventoryRow]) in rows.filter { $0.verdict == "covered" || $0.verdict == "likely-covered" }.count }
        let sites = Dictionary(grouping: rows) { $0.site ?? "-" }
        if sites.count > 1 {
            for (site, devices) in sites.sorted(by: { $0.key < $1.key }) {
                Output.line("  \(site.padding(24)) \(devices.count) devices, \(covered(devices)) covered or likely covered")
            }
        }
        Output.line("\(rows.count) devices at \(sites.count) site\(sites.count == 1 ? "" : "s"), \(covered(rows)) covered or likely covered.")
    }

    static func json(_ row: InventoryRow) -> JSONValue {
        .object([
            ("device_id", .int(Int(row.deviceID))), ("site", .optional(row.site)), ("mac", .optional(row.mac)), ("mac_source", .optional(row.macSource)),
            ("serial", .optional(row.serial)), ("ip", .array(row.addresses.map(JSONValue.string))),
            ("first_seen", .string(Timestamp.iso8601(row.firstSeen))), ("last_seen", .string(Timestamp.iso8601(row.lastSeen))),
            ("maker", .optional(row.maker)), ("brand", .optional(row.brand)), ("model", .optional(row.model)),
            ("firmware", .optional(row.firmware)), ("device_type", .optional(row.deviceType)), ("verdict", .string(row.verdict)),
            ("confidence", .number(row.confidence)), ("lists", .array(row.lists.map(JSONValue.string))),
            ("summary", .string(row.summary)), ("table_version", .string(row.tableVersion)),
            ("remediation", .optional(row.remediation)), ("remediation_note", .optional(row.remediationNote)),
        ])
    }
}

struct InventoryScans: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scans", abstract: "The scans and captures recorded, with their scope and counts.")

    @OptionGroup var inventory: InventoryOptions

    func run() throws {
        // School by school, oldest first within each.
        let scans = try inventory.open().scanRecords(site: inventory.site).sorted { ($0.site ?? "", $0.id) < ($1.site ?? "", $1.id) }
        for scan in scans {
            Output.line("\(String(scan.id).padding(5)) \((scan.site ?? "-").padding(20)) \(Timestamp.iso8601(scan.startedAt).padding(28)) \(scan.kind.padding(9)) \(scan.status.padding(12)) \(scan.devices) devices, \(scan.covered) covered, scope: \(scan.scope)")
        }
    }
}

struct InventoryDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "New, gone, moved and re-classified devices between two scans (default: each site's last two).")

    @OptionGroup var inventory: InventoryOptions

    @Argument(help: "Earlier scan id.")
    var from: Int64?

    @Argument(help: "Later scan id.")
    var to: Int64?

    @Flag(help: "JSON instead of text.")
    var json = false

    func run() throws {
        let store = try inventory.open()
        var diffs: [(site: String?, diff: InventoryDiff)] = []
        do {
            if from != nil || to != nil {
                diffs = [(nil, try store.diff(from: from, to: to))]
            } else {
                // Each school's latest scan against its previous one of the same kind.
                diffs = try store.latestChangesBySite().filter { inventory.site == nil || $0.site == inventory.site }
                guard !diffs.isEmpty else {
                    throw StoreError(inventory.site.map { "site \($0) has no two complete scans of the same kind yet" }
                        ?? "no site has two complete scans of the same kind yet; give two scan ids (camaudit inventory scans lists them)")
                }
            }
        } catch let error as StoreError {
            throw RuntimeFailure(description: error.description)
        }
        for (site, diff) in diffs {
            let groups: [(String, [InventoryDiff.Change])] = [("new", diff.new), ("gone", diff.gone), ("moved", diff.moved), ("reclassified", diff.reclassified)]
            if json {
                Output.line(JSONValue.object([("site", .optional(site)), ("from", .int(Int(diff.fromScan))), ("to", .int(Int(diff.toScan)))] + groups.map { name, changes in
                    (name, .array(changes.map { change in
                        .object([("device_id", .int(Int(change.deviceID))), ("before", .optional(change.before)), ("after", .optional(change.after)), ("verdict", .string(change.verdict))])
                    }))
                }).serialized())
                continue
            }
            Output.line("\(site.map { "\($0): c" } ?? "C")hanges from scan \(diff.fromScan) to scan \(diff.toScan):")
            for (name, changes) in groups {
                Output.line("  \(name): \(changes.count)")
                for change in changes {
                    Output.line("    device \(change.deviceID) [\(change.verdict)] \(change.before ?? "-") → \(change.after ?? "-")")
                }
            }
        }
    }
}

struct ReclassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reclassify",
        abstract: "Recompute every conclusion from the stored evidence with this binary's signature table and policy.")

    @OptionGroup var inventory: InventoryOptions

    func run() throws {
        let set = BuiltInSignatures.set
        let changes = try inventory.open().reclassify(tableVersion: BuiltInSignatures.table.version, policyVersion: set.policy.version) { observations in
            BuiltInSignatures.classifier.classify(observations)
        }
        Output.line("Reclassified with table \(BuiltInSignatures.table.version), policy \(set.policy.version): \(changes.count) verdict or maker change(s).")
        for change in changes {
            Output.line("  device \(change.deviceID): \(change.before) → \(change.after) (maker \(change.makerBefore ?? "-") → \(change.makerAfter ?? "-"))")
        }
    }
}

struct DeviceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "device", abstract: "Record decisions about a device, and facts about how it was acquired.", subcommands: [MarkDevice.self, DeviceFacts.self])
}

struct MarkDevice: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mark", abstract: "Record what the district decided: replaced, removed, exempt or planned.")

    @OptionGroup var inventory: InventoryOptions

    @Argument(help: "Device id (camaudit inventory list).")
    var id: Int64

    @Option(help: "replaced, removed, exempt or planned.")
    var status: String

    @Option(help: "Why, ticket number, purchase order…")
    var note: String = ""

    @Option(help: "Who decided (default: the login name).")
    var by: String = ProcessInfo.processInfo.environment["USER"] ?? "unknown"

    func validate() throws {
        guard ["replaced", "removed", "exempt", "planned"].contains(status) else {
            throw ValidationError("--status must be replaced, removed, exempt or planned")
        }
    }

    func run() throws {
        do {
            try inventory.open().mark(device: id, status: status, note: note, by: by)
        } catch let error as StoreError {
            throw RuntimeFailure(description: error.description)
        }
        Output.line("device \(id) marked \(status)")
    }
}
