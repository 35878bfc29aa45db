@testable import CamAuditCapture
import Foundation
import Testing

@Suite struct UsableCoresTests {
    @Test func theAffinityMaskIsCounted() {
        #expect(UsableCores.allowed(inStatus: "Name:\tcamaudit\nCpus_allowed:\tff\nCpus_allowed_list:\t0-7\n") == 8)
        #expect(UsableCores.allowed(inStatus: "Cpus_allowed:\t00000000,00000001\n") == 1)
        #expect(UsableCores.allowed(inStatus: "Cpus_allowed:\t80000000,0000000a\n") == 3)
        #expect(UsableCores.allowed(inStatus: "Name:\tcamaudit\n") == nil)
    }

    /// nproc(1) honours the affinity it inherits from this process, as the count must.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/nproc"))) func agreesWithNproc() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nproc")
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Int(printed) == UsableCores.count)
    }
}
