import ArgumentParser

/// The output options of every command that lists devices (analyze, listen): the same flags,
/// the same checks.
struct DeviceOutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write the devices as one JSON array to FILE ('-' for standard output).", valueName: "FILE"))
    var json: String?

    @Option(help: ArgumentHelp("Write one JSON line per device to FILE ('-' for standard output).", valueName: "FILE"))
    var jsonl: String?

    @Flag(help: "Also list devices whose maker is unknown.")
    var all = false

    @Flag(help: "Exit with status 1 when a covered or likely-covered device is found.")
    var failOnCovered = false

    func validate() throws {
        if json == "-" && jsonl == "-" { throw ValidationError("--json - and --jsonl - cannot both write to standard output") }
    }

    func output(command: String) -> DeviceReportOutput {
        DeviceReportOutput(command: command, json: json, jsonl: jsonl, all: all)
    }
}
