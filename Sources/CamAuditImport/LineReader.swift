import CamAuditModel
import Foundation

/// Reads a file a line at a time through a fixed buffer: memory stays the same whatever the
/// file's size. A line longer than `maxLineBytes` is cut there and flagged, so a file without
/// newlines (or a hostile one) costs no more than a long line.
public final class LineReader {
    public static let maxLineBytes = 8 << 10
    private static let chunkBytes = 64 << 10

    private let handle: FileHandle
    private var chunk: [UInt8] = []
    private var position = 0
    private var finished = false
    public private(set) var lineNumber = 0

    public init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportError.unreadable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file")
        }
        self.handle = handle
    }

    deinit { try? handle.close() }

    /// The next line without its terminator (LF or CRLF), decoded as UTF-8 or, when it is not
    /// valid UTF-8, as ISO-8859-1 so that no byte is lost; `cut` when the line was too long.
    public func next() throws -> (text: String, cut: Bool)? {
        var line: [UInt8] = []
        var cut = false
        while true {
            if position >= chunk.count {
                if finished { break }
                let data = try handle.read(upToCount: Self.chunkBytes) ?? Data()
                if data.isEmpty {
                    finished = true
                    break
                }
                chunk = [UInt8](data)
                position = 0
            }
            let end = chunk[position...].firstIndex(of: 0x0A)
            let stop = end ?? chunk.count
            let room = Self.maxLineBytes - line.count
            if room > 0 { line.append(contentsOf: chunk[position..<min(stop, position + room)]) }
            if stop - position > max(room, 0) { cut = true }
            position = stop
            if end != nil {
                position += 1
                lineNumber += 1
                return (Self.decode(line, first: lineNumber == 1), cut)
            }
        }
        guard !line.isEmpty || cut else { return nil }
        lineNumber += 1
        return (Self.decode(line, first: lineNumber == 1), cut)
    }

    static func decode(_ bytes: [UInt8], first: Bool) -> String {
        var bytes = bytes[...]
        // Windows tools often start a UTF-8 file with a byte-order mark.
        if first && bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.last == 0x0D { bytes = bytes.dropLast() }
        return DeviceText.decode(bytes)
    }
}

public enum ImportError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case undetected(path: String, kind: ImportKind)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .undetected(let path, let kind):
            "\(path): not a \(kind.rawValue) format camaudit reads (\(kind.formats.map { "\($0.rawValue): \($0.summary)" }.joined(separator: "; "))); give --format if it is one of them"
        }
    }
}
