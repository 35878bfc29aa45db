#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file or stdin line by line with a bound on line length, so that one gigantic line
/// cannot exhaust memory: an over-long line is reported and skipped.
final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool
    let maxLineBytes: Int
    private(set) var lineNumber = 0

    enum Line {
        case text([UInt8])
        case tooLong(Int)
    }

    init(path: String?, maxLineBytes: Int) throws {
        self.maxLineBytes = maxLineBytes
        if let path, path != "-" {
            guard let handle = fopen(path, "rb") else {
                throw RuntimeFailure(description: "cannot open \(path): \(String(cString: strerror(errno))); check the path and permissions")
            }
            file = handle
            ownsFile = true
        } else {
            guard let handle = fdopen(0, "rb") else {
                throw RuntimeFailure(description: "cannot read standard input")
            }
            file = handle
            ownsFile = false
        }
    }

    deinit {
        if ownsFile { fclose(file) }
    }

    func next() -> Line? {
        var bytes: [UInt8] = []
        var length = 0
        var sawAny = false
        while true {
            let c = getc(file)
            if c == EOF { break }
            sawAny = true
            if c == 0x0A { break }
            length += 1
            if length <= maxLineBytes { bytes.append(UInt8(c)) }
        }
        guard sawAny else { return nil }
        lineNumber += 1
        if length > maxLineBytes { return .tooLong(length) }
        if bytes.last == 0x0D { bytes.removeLast() }
        return .text(bytes)
    }
}
