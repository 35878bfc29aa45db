import Foundation

/// Where the demo keeps its inventory and report: the user's data directory, never the
/// system inventory in /var/lib (a demo must not mix simulated devices into real records).
enum DemoPaths {
    static var inventory: String {
        let environment = ProcessInfo.processInfo.environment
        // $HOME before the password database: inside the demo's user namespace the process is
        // uid 0, whose home is not the user's.
        let home = environment["HOME"] ?? NSHomeDirectory()
        let base = environment["XDG_DATA_HOME"] ?? (home as NSString).appendingPathComponent(".local/share")
        return (base as NSString).appendingPathComponent("camaudit/demo/inventory.sqlite")
    }

    static func createDirectory(for file: String) throws {
        let directory = (file as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw RuntimeFailure(description: "demo: cannot create \(directory): \(error.localizedDescription); pass --db PATH")
        }
    }
}
