import CamAuditEvaluation
import CamAuditFleet
import Foundation

/// `camaudit-bench replay-serve`: serves one evaluation device as a replayed host, inside the
/// network namespace fleet-lab made for it (interface d0), until stopped or `--lifetime` ends,
/// so a host outlives no measurement by much even if its teardown was missed.
public enum ReplayServe {
    public static let usage = "replay-serve --evaluation DIR --device FILE#DEVICE --address A --index N [--log FILE] [--lifetime S]"

    public static func run(arguments: [String]) throws {
        var options: [String: String] = [:]
        var index = 0
        while index + 1 < arguments.count, arguments[index].hasPrefix("--") {
            options[String(arguments[index].dropFirst(2))] = arguments[index + 1]
            index += 2
        }
        guard index == arguments.count, let directory = options["evaluation"], let key = options["device"],
              let address = options["address"], let position = options["index"].flatMap(Int.init) else {
            throw ReplayError("usage: camaudit-bench \(usage)")
        }
        let lifetime = options["lifetime"].flatMap(UInt32.init) ?? 3600
        let records = try ReplayRun.loadRecords(directory).filter { $0.deviceKey == key }
        guard !records.isEmpty else { throw ReplayError("no device \(key) in \(directory)") }
        let host = ReplayPlan.host(records, index: position, address: address, notes: try ReplayNotes.load(directory: directory))
        let log = try FleetRequestLog(path: options["log"])

        let started = Started()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                started.server = try await FleetServer.start(devices: [host.device], log: log, options: .init(multicastInterface: "d0"))
            } catch {
                started.failure = error
            }
            done.signal()
        }
        done.wait()
        if let failure = started.failure { throw failure }
        if let names = host.certificate {
            try ReplayTLSServer.start(names, directory: (options["log"].map { ($0 as NSString).deletingLastPathComponent } ?? NSTemporaryDirectory()) + "/\(host.device.name)-tls",
                                          lifetime: lifetime)
        }
        // Unbuffered: fleet-lab waits for this line in the output file.
        FileHandle.standardOutput.write(Data("serving \(host.device.name) \(key) at \(address) \(host.device.mac): tcp \(host.device.tcpPorts) udp \(host.device.udpPorts)\n".utf8))
        sleep(lifetime)
    }

    private final class Started: @unchecked Sendable {
        var server: FleetServer?
        var failure: Error?
    }
}
