import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How `StreamedDeviceOutput` moves a scratch file's devices into an output: unchanged, or with
/// the separator between devices replaced (the scratch holds JSONL lines when both `--json`
/// and `--jsonl` are asked for; a device's JSON text never holds a raw line break, so every
/// line break in the file is a separator).
enum ScratchCopy: Equatable {
    case unchanged
    case replacing(UInt8, with: UInt8)

    /// `size` bytes of the file from `start` on, through this process a chunk at a time.
    func stream(_ descriptor: Int32, from start: Int = 0, size: Int, command: String, _ emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.min(Swift.max(size, 1), 1 << 20), alignment: 1)
        defer { chunk.deallocate() }
        var offset = 0
        while offset < size {
            let got = pread(descriptor, chunk.baseAddress, Swift.min(chunk.count, size - offset), off_t(start + offset))
            guard got > 0 else { throw Self.readFailure(command: command, got: got) }
            if case .replacing(let old, let new) = self {
                for index in 0..<got where chunk[index] == old { chunk[index] = new }
            }
            try emit(UnsafeRawBufferPointer(rebasing: chunk[0..<got]))
            offset += got
        }
    }

    /// Writes to a file what `produce` emits, as `Output.writeStreamed` does (a final newline when
    /// anything was written), with one more way to write: `copy(descriptor, size)` has the kernel
    /// copy a scratch file's first `size` bytes (`sendfile`), falling back to a copy through this
    /// process where the kernel cannot.
    static func toFile(_ destination: String, command: String, _ produce: (_ emit: (UnsafeRawBufferPointer) throws -> Void, _ copy: (Int32, Int) throws -> Void) throws -> Void) throws {
        let output = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard output >= 0 else { throw writeFailure(destination, command: command) }
        var closed = false
        defer { if !closed { close(output) } }
        var wroteAny = false
        try produce({ bytes in
            guard !bytes.isEmpty else { return }
            try writeAll(output, bytes, destination: destination, command: command)
            wroteAny = true
        }, { scratch, size in
            guard size > 0 else { return }
            try kernelCopy(from: scratch, size: size, to: output, destination: destination, command: command)
            wroteAny = true
        })
        if wroteAny { try [UInt8(0x0A)].withUnsafeBytes { try writeAll(output, $0, destination: destination, command: command) } }
        closed = true
        guard close(output) == 0 else { throw writeFailure(destination, command: command) }
    }

    private static func kernelCopy(from input: Int32, size: Int, to output: Int32, destination: String, command: String) throws {
        var offset = off_t(0)
        while Int(offset) < size {
            let sent = sendfile(output, input, &offset, size - Int(offset))
            if sent > 0 { continue }
            if sent < 0, errno == EINTR { continue }
            if sent < 0, errno == EINVAL || errno == ENOSYS {
                // A file system sendfile cannot write to: the rest through this process.
                try unchanged.stream(input, from: Int(offset), size: size - Int(offset), command: command) {
                    try writeAll(output, $0, destination: destination, command: command)
                }
                return
            }
            if sent == 0 { throw readFailure(command: command, got: 0) }
            throw writeFailure(destination, command: command)
        }
    }

    private static func writeAll(_ output: Int32, _ bytes: UnsafeRawBufferPointer, destination: String, command: String) throws {
        guard Output.writeAll(output, bytes) else { throw writeFailure(destination, command: command) }
    }

    private static func writeFailure(_ destination: String, command: String) -> RuntimeFailure {
        RuntimeFailure(description: "\(command): cannot write \(destination): \(String(cString: strerror(errno))); check the path, the free space and permissions")
    }

    private static func readFailure(command: String, got: Int) -> RuntimeFailure {
        RuntimeFailure(description: "\(command): cannot read back the scratch file: \(got < 0 ? String(cString: strerror(errno)) : "it ended early"); check TMPDIR")
    }
}
