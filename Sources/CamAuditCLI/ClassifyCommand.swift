import ArgumentParser
import CamAuditDissectors
import CamAuditMatching
import CamAuditModel
import CamAuditSignatures
import CamAuditStore
import Foundation

struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify recorded device responses (JSON Lines) with the same dissectors and matcher as scan and capture.",
        discussion: """
        Each input line: {"id": "...", "device": "optional grouping key", "protocol": "http", "port": 80,
        "payload": "...", "encoding": "text|hex"}. Protocols: \(ProtocolDissector.protocols.joined(separator: ", ")).

        Output: one JSON line per record, or one per "device" group (records sharing a device key are
        combined into one identity, printed when the input ends). A line that cannot be read gives
        {"id": …, "error": …} and the rest is still classified.
        """
    )

    @Argument(help: "JSON Lines file to read; '-' or nothing for standard input.")
    var file: String?

    @Option(help: "Longest input line accepted, in bytes.")
    var maxLineBytes: Int = 4 << 20

    @Flag(help: "Exit with status 1 when a covered or likely-covered device is found.")
    var failOnCovered = false

    @Flag(help: "Also print every observation the dissectors extracted (field and value): what to write a new fingerprint against.")
    var explain = false

    @OptionGroup var recording: RecordOptions

    private func explained(_ observations: [Observation]) -> [(String, JSONValue)] {
        guard explain else { return [] }
        return [("observations", .array(observations.map { observation in
            .object([("field", .string(observation.field)), ("value", .string(String(observation.value.prefix(2048))))])
        }))]
    }

    func run() throws {
        let reader: LineReader
        do {
            reader = try LineReader(path: file, maxLineBytes: maxLineBytes)
        } catch {
            Output.error("camaudit classify: \(error)")
            throw CamAuditExit.runtimeFailure
        }
        let classifier = BuiltInSignatures.classifier
        var groups: [String: (ids: [String], observations: [Observation], errors: [String])] = [:]
        var groupOrder: [String] = []
        var anyCovered = false
        var sightings: [DeviceSighting] = []
        let now = Date()
        func keep(_ key: String, _ observations: [Observation], _ classification: Classification) {
            guard recording.record else { return }
            sightings.append(DeviceSighting(key: "recorded:\(key)", mac: classification.identity.mac, addresses: [],
                                            observations: observations, classification: classification, firstSeen: now, lastSeen: now))
        }

        while let line = reader.next() {
            let bytes: [UInt8]
            switch line {
            case .tooLong(let length):
                Output.line(RecordError(id: "line-\(reader.lineNumber)", message: "line is \(length) bytes, over --max-line-bytes \(maxLineBytes)").json.serialized())
                continue
            case .text(let text):
                bytes = text
            }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let record: RecordedResponse
            switch RecordedResponse.parse(bytes, lineNumber: reader.lineNumber) {
            case .failure(let error):
                Output.line(error.json.serialized())
                continue
            case .success(let parsed):
                record = parsed
            }
            let observations: [Observation]
            do {
                observations = try record.observations()
            } catch {
                if let device = record.device {
                    if groups[device] == nil { groupOrder.append(device) }
                    groups[device, default: ([], [], [])].errors.append("\(record.id): \(error.message)")
                    groups[device]!.ids.append(record.id)
                } else {
                    Output.line(RecordError(id: record.id, message: error.message).json.serialized())
                }
                continue
            }
            if let device = record.device {
                if groups[device] == nil { groupOrder.append(device) }
                groups[device, default: ([], [], [])].ids.append(record.id)
                groups[device]!.observations += observations
            } else {
                let classification = classifier.classify(observations)
                anyCovered = anyCovered || classification.verdict.coveredFlag == true
                keep(record.id, observations, classification)
                Output.line(JSONValue.object([("id", .string(record.id))] + classification.jsonMembers() + explained(observations)).serialized())
            }
        }
        for device in groupOrder {
            guard let group = groups[device] else { continue }
            let classification = classifier.classify(group.observations)
            anyCovered = anyCovered || classification.verdict.coveredFlag == true
            keep(device, group.observations, classification)
            var members: [(String, JSONValue)] = [("id", .string(device)), ("records", .array(group.ids.map(JSONValue.string)))]
            members += classification.jsonMembers()
            if !group.errors.isEmpty { members.append(("errors", .array(group.errors.map(JSONValue.string)))) }
            members += explained(group.observations)
            Output.line(JSONValue.object(members).serialized())
        }
        Output.flush()
        if recording.record {
            let scope = "recorded responses from " + (file ?? "-")
            try InventoryRecorder.record(sightings, kind: .recorded, scope: scope, settings: .object([("command", .string("classify"))]), options: recording.inventory, command: "classify")
        }
        if failOnCovered && anyCovered { throw CamAuditExit.coveredFound }
    }
}
