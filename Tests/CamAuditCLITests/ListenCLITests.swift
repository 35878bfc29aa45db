import Foundation
import Testing

/// `camaudit listen` through the real binary: the failures a user meets first. The capture
/// itself is tested end to end in CamAuditCaptureTests/LiveCaptureNamespaceTests.
@Suite struct ListenCLITests {
    @Test func missingInterfaceIsARuntimeFailureNamingIt() async throws {
        let result = try await CLITests.run(["listen", "camaudit-nx0", "--duration", "1"])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("camaudit-nx0"))
        // Root learns the interface is missing; anyone else that capturing needs privileges.
        if geteuid() == 0 {
            #expect(result.stderr.contains("no such interface"))
            #expect(result.stderr.contains("ip link"))
        } else {
            #expect(result.stderr.contains("CAP_NET_RAW"))
        }
    }

    @Test func badFilterIsAUsageErrorWithLibpcapsText() async throws {
        let result = try await CLITests.run(["listen", "lo", "--filter", "udp portx 5", "--duration", "1"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("syntax error"), "\(result.stderr)")
        #expect(result.stderr.contains("udp portx 5"))
    }

    @Test func usageErrors() async throws {
        #expect(try await CLITests.run(["listen"]).status == 2)
        #expect(try await CLITests.run(["listen", "lo", "--duration", "0"]).status == 2)
        #expect(try await CLITests.run(["listen", "lo", "--json", "-", "--jsonl", "-"]).status == 2)
    }

    /// SIGTERM stops the capture cleanly and the results are still printed.
    @Test(.enabled(if: geteuid() == 0, "skipped: capturing on lo needs root or CAP_NET_RAW"), .timeLimit(.minutes(1)))
    func sigtermStopsAndStillPrintsTheResults() throws {
        let process = Process()
        process.executableURL = try CLITests.binary("camaudit")
        process.arguments = ["listen", "lo"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read stderr until the ready line, then ask it to stop.
        var errText = ""
        while !errText.contains("listening on lo") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            errText += String(decoding: chunk, as: UTF8.self)
        }
        #expect(errText.contains("listening on lo"), "\(errText)")
        process.terminate()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errText += String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let stdout = String(decoding: outData, as: UTF8.self)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0, "\(errText)")
        #expect(stdout.contains("camaudit listen — lo"), "\(stdout)")
        #expect(stdout.contains("dropped:"))
        #expect(errText.contains("stopped after"))
    }
}
