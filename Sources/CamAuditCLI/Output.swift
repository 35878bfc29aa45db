import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to stdout (buffered) and stderr (immediate) through file descriptors, which Swift 6
/// can use without touching C's global FILE pointers.
enum Output {
    nonisolated(unsafe) private static var buffer: [UInt8] = []

    /// Writes `text` (one newline added) to standard output for "-", else to the file; the
    /// error names the command and the path.
    static func writeText(_ text: String, to destination: String, command: String) throws {
        if destination == "-" {
            if !text.isEmpty { line(text) }
            return
        }
        do {
            try Data((text.isEmpty ? "" : text + "\n").utf8).write(to: URL(fileURLWithPath: destination))
        } catch {
            throw RuntimeFailure(description: "\(command): cannot write \(destination): \(error.localizedDescription); check the path and its permissions")
        }
    }

    /// Writes text as `produce` emits it, as `writeText` would write the pieces joined, without
    /// holding the whole: output for a hundred thousand devices never exists as one string. A
    /// final newline follows when anything was written.
    /// The pieces are UTF-8 bytes, so that text already held as bytes is not copied into a
    /// string and back.
    static func writeStreamed(to destination: String, command: String, _ produce: (_ emit: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        var wroteAny = false
        if destination == "-" {
            try produce { piece in
                guard !piece.isEmpty else { return }
                buffer.append(contentsOf: piece)
                wroteAny = true
                if buffer.count >= 64 << 10 { flush() }
            }
            if wroteAny { buffer.append(0x0A) }
            return
        }
        guard let file = fopen(destination, "w") else {
            throw RuntimeFailure(description: "\(command): cannot write \(destination): \(String(cString: strerror(errno))); check the path and its permissions")
        }
        func put(_ bytes: UnsafeRawBufferPointer) throws {
            guard !bytes.isEmpty else { return }
            guard fwrite(bytes.baseAddress, 1, bytes.count, file) == bytes.count else {
                throw RuntimeFailure(description: "\(command): cannot write \(destination): \(String(cString: strerror(errno))); check the free space and permissions")
            }
        }
        do {
            try produce { piece in
                guard !piece.isEmpty else { return }
                try put(piece)
                wroteAny = true
            }
            if wroteAny { try [UInt8(0x0A)].withUnsafeBytes { try put($0) } }
        } catch {
            fclose(file)
            throw error
        }
        if fclose(file) != 0 {
            throw RuntimeFailure(description: "\(command): cannot write \(destination): \(String(cString: strerror(errno))); check the free space and permissions")
        }
    }

    static func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= 64 << 10 { flush() }
    }

    static func error(_ text: String) {
        flush()
        (Array(text.utf8) + [0x0A]).withUnsafeBytes { _ = writeAll(2, $0) }
    }

    /// A progress line on stderr without a newline, redrawn in place; call `clearStatus` before
    /// writing anything else to stderr.
    static func status(_ text: String) {
        Array(("\r\u{1B}[K" + text).utf8).withUnsafeBytes { _ = writeAll(2, $0) }
    }

    static func clearStatus() {
        Array("\r\u{1B}[K".utf8).withUnsafeBytes { _ = writeAll(2, $0) }
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    static func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { _ = writeAll(1, $0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes every byte, through short writes and interruptions; false (errno set) on failure.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var done = 0
        while done < bytes.count {
            let wrote = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if wrote < 0, errno == EINTR { continue }
            guard wrote > 0 else { return false }
            done += wrote
        }
        return true
    }

    static var stdoutIsTerminal: Bool { isatty(1) == 1 }
}

/// Process set-up for the executable: buffered output must reach stdout even when
/// ArgumentParser ends the process with exit().
public enum CamAuditProcess {
    public static func prepare() {
        atexit { Output.flush() }
    }
}
