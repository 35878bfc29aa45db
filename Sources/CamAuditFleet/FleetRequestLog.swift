import Foundation
import NIOConcurrencyHelpers

/// Every request the fleet receives, in order, kept in memory (bounded) and optionally appended
/// to a JSON Lines file as it arrives.
public final class FleetRequestLog: Sendable {
    /// Entries kept in memory; later ones only go to the file. Plenty for a /16 scan's probes.
    public static let memoryLimit = 2_000_000

    private let entries = NIOLockedValueBox<[LoggedRequest]>([])
    private let file: NIOLockedValueBox<FileHandle?>
    private let started = Date()

    /// - Parameter path: JSON Lines file to append every entry to, or nil.
    public init(path: String? = nil) throws {
        guard let path else {
            file = NIOLockedValueBox(nil)
            return
        }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw FleetError("cannot create the request log \(path); check the directory exists and is writable")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw FleetError("cannot open the request log \(path) for writing; check its permissions")
        }
        handle.seekToEndOfFile()
        file = NIOLockedValueBox(handle)
    }

    var elapsed: Double { Date().timeIntervalSince(started) }

    func append(_ entry: LoggedRequest) {
        entries.withLockedValue { list in
            if list.count < Self.memoryLimit { list.append(entry) }
        }
        file.withLockedValue { handle in
            guard let handle, var line = try? JSONEncoder.sortedKeys.encode(entry) else { return }
            line.append(0x0A)
            handle.write(line)
        }
    }

    public var all: [LoggedRequest] { entries.withLockedValue { $0 } }

    /// The requests a read-only audit must never send, each with the reason.
    public var violations: [(request: LoggedRequest, reason: String)] {
        all.compactMap { entry in RequestAudit.violation(entry).map { (entry, $0) } }
    }
}

extension JSONEncoder {
    static var sortedKeys: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

public struct FleetError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
