import ArgumentParser
import CamAuditModel
import CamAuditStore
import Foundation

/// `camaudit inventory push`: a school's local inventory into the district's.
struct InventoryPush: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Send the scans of a local SQLite inventory that the district's inventory does not have yet.",
        discussion: """
        For an agent that recorded locally while the district's PostgreSQL was out of reach. Each \
        finished scan is sent once, in one transaction, with its devices (matched by MAC, serial \
        or address, like a scan's), evidence, conclusions and sightings; running it twice sends \
        nothing new. Scans still running locally are left for the next push.
        """
    )

    @Option(help: ArgumentHelp("The local SQLite inventory to send from.", valueName: "PATH"))
    var from: String

    @Option(help: ArgumentHelp("The district inventory to send to (postgres://… or another SQLite file).", valueName: "PATH|URL"))
    var db: String

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func run() throws {
        guard FileManager.default.fileExists(atPath: from) else {
            throw RuntimeFailure(description: "no inventory at \(from); give the local SQLite file with --from")
        }
        let source = try InventoryOptions.parse(["--db", from]).open()
        let destination = try InventoryOptions.parse(["--db", db]).open()
        let progress = Output.stderrIsTerminal && !json
        let summary = try source.push(into: destination) { done, total in
            if progress { Output.status("camaudit inventory push: scan \(done) of \(total)") }
        }
        if progress { Output.clearStatus() }
        if json {
            Output.line(JSONValue.object([
                ("scans_sent", .int(summary.scansSent)), ("scans_already_there", .int(summary.scansAlreadyThere)),
                ("scans_still_running", .int(summary.scansStillRunning)), ("devices", .int(summary.devices)),
                ("observations", .int(summary.observations)),
            ]).serialized())
            return
        }
        Output.line("sent \(summary.scansSent) scans (\(summary.devices) device sightings, \(summary.observations) observations) to \(destination.location); \(summary.scansAlreadyThere) were already there, \(summary.scansStillRunning) still running locally")
    }
}

/// `camaudit inventory init-postgres`: roles, schema and agents' sites of a district inventory.
struct InventoryInitPostgres: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init-postgres",
        abstract: "Print (or apply) the SQL that sets up a district inventory on PostgreSQL with least-privilege roles.",
        discussion: """
        Group roles: camaudit_owner owns the tables and runs migrations; camaudit_agent adds \
        scans, evidence and conclusions only for the sites each agent is given (row-level \
        security); camaudit_reader reads everything and writes nothing. Login roles are created \
        without passwords: set them with psql's \\password, or use certificate authentication. \
        Without --apply the SQL is printed for a DBA to read and run with psql. Run as a \
        superuser (the URL's user); running it again changes nothing that is already so.
        """
    )

    @Option(help: ArgumentHelp("The district inventory, postgres://ADMIN@HOST:PORT/DATABASE (the database must exist: createdb).", valueName: "URL"))
    var db: String

    @Option(name: .customLong("agent"), help: ArgumentHelp("A school's agent login role and the sites it may write, ROLE=SITE[,SITE…]; repeatable.", valueName: "ROLE=SITES"))
    var agents: [String] = []

    @Option(name: .customLong("reader"), help: ArgumentHelp("A login role that may read everything (reports); repeatable.", valueName: "ROLE"))
    var readers: [String] = []

    @Option(name: .customLong("owner"), help: ArgumentHelp("A login role of the IT staff that acts as camaudit_owner (migrations, reclassify, decisions, facts); repeatable.", valueName: "ROLE"))
    var owners: [String] = []

    @Flag(help: "Run the SQL against --db instead of printing it.")
    var apply = false

    func run() throws {
        let location: PostgresLocation
        do {
            location = try PostgresLocation(url: db)
        } catch {
            throw RuntimeFailure(description: "\(error)")
        }
        var parsed: [DistrictSetup.Agent] = []
        for text in agents {
            guard let equals = text.firstIndex(of: "=") else {
                throw ValidationError("--agent \(text): write ROLE=SITE[,SITE…]")
            }
            let sites = text[text.index(after: equals)...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            parsed.append(DistrictSetup.Agent(role: String(text[..<equals]), sites: sites))
        }
        let setup: DistrictSetup
        do {
            setup = try DistrictSetup(database: location.database, agents: parsed, readers: readers, owners: owners)
        } catch {
            throw ValidationError("\(error)")
        }
        guard apply else {
            Output.line(String(setup.script().dropLast()))
            return
        }
        do {
            _ = try setup.apply(location: location)
        } catch {
            throw RuntimeFailure(description: "init-postgres: \(error)")
        }
        Output.error("camaudit: \(location.display) is set up: schema \(SchemaVersion.all.last!), roles \(PostgresSiteAccess.groupRoles.joined(separator: ", "))\(parsed.isEmpty ? "" : ", agents " + parsed.map { "\($0.role) (\($0.sites.joined(separator: ", ")))" }.joined(separator: "; "))")
        let logins = parsed.map(\.role) + readers + owners
        if !logins.isEmpty {
            Output.error("camaudit: set the login roles' passwords in psql: \(logins.map { "\\password \($0)" }.joined(separator: "; "))")
        }
    }
}
