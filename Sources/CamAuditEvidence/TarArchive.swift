/// POSIX ustar archives of regular files, written and read by this file alone so that the
/// evidence bundle depends on no external tool and `verify` can account for every byte.
///
/// Format (POSIX.1-1988 ustar): per member a 512-byte header (name ≤ 100 bytes, mode 0644,
/// uid/gid 0, size and mtime in octal, typeflag '0', magic "ustar\0" version "00", checksum
/// = sum of the header bytes with the checksum field read as spaces), the data, zero padding to
/// a multiple of 512; two zero blocks end the archive. `tar -tvf` and `tar -xf` read it.
///
/// The reader treats its input as hostile: only regular files with plain relative names,
/// bounded counts and sizes, header checksums, zero padding and zero end blocks are accepted,
/// and any deviation is reported with the offset and the member it belongs to.
public enum TarArchive {
    public struct Member: Sendable, Equatable {
        public var name: String
        public var data: [UInt8]

        public init(name: String, data: [UInt8]) {
            self.name = name
            self.data = data
        }
    }

    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var offset: Int
        /// The member whose header, data or padding is at fault, when known.
        public var member: String?
        public var message: String
        public var description: String { "byte \(offset)\(member.map { " (member \($0))" } ?? ""): \(message)" }
    }

    public static let maximumMembers = 100_000
    public static let maximumArchiveBytes = 1 << 30
    static let block = 512

    /// A name the reader accepts: relative, no `.`/`..` components, printable ASCII, ≤ 100 bytes.
    public static func isSafeName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 100, bytes.first != UInt8(ascii: "/"), bytes.last != UInt8(ascii: "/") else { return false }
        guard bytes.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "\\") }) else { return false }
        return !name.split(separator: "/", omittingEmptySubsequences: false).contains { $0.isEmpty || $0 == "." || $0 == ".." }
    }

    public static func write(_ members: [Member], modified: Int) -> [UInt8] {
        write(members, modified: modified, size: nil)
    }

    /// `size` overrides the data's length in the header (the reader rebuilds headers with it).
    static func write(_ members: [Member], modified: Int, size: Int?) -> [UInt8] {
        var out: [UInt8] = []
        for member in members {
            precondition(isSafeName(member.name), "unsafe member name \(member.name)")
            var header = [UInt8](repeating: 0, count: block)
            func put(_ text: String, at offset: Int, width: Int) {
                for (index, byte) in text.utf8.prefix(width).enumerated() { header[offset + index] = byte }
            }
            func octal(_ value: Int, width: Int) -> String {
                let digits = String(value, radix: 8)
                return String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
            }
            put(member.name, at: 0, width: 100)
            put(octal(0o644, width: 8), at: 100, width: 7)
            put(octal(0, width: 8), at: 108, width: 7)
            put(octal(0, width: 8), at: 116, width: 7)
            put(octal(size ?? member.data.count, width: 12), at: 124, width: 11)
            put(octal(max(0, modified), width: 12), at: 136, width: 11)
            header[156] = UInt8(ascii: "0")
            put("ustar", at: 257, width: 6)
            put("00", at: 263, width: 2)
            put("camaudit", at: 265, width: 32)
            put("camaudit", at: 297, width: 32)
            for index in 148..<156 { header[index] = UInt8(ascii: " ") }
            let sum = header.reduce(0) { $0 + Int($1) }
            put(octal(sum, width: 7), at: 148, width: 6)
            header[154] = 0
            header[155] = UInt8(ascii: " ")
            out += header
            out += member.data
            out += [UInt8](repeating: 0, count: (block - member.data.count % block) % block)
        }
        out += [UInt8](repeating: 0, count: 2 * block)
        return out
    }

    public static func read(_ bytes: [UInt8]) -> Result<[Member], Failure> {
        guard bytes.count <= maximumArchiveBytes else {
            return .failure(Failure(offset: 0, member: nil, message: "archive larger than \(maximumArchiveBytes >> 20) MiB"))
        }
        guard bytes.count % block == 0 else {
            return .failure(Failure(offset: bytes.count - bytes.count % block, member: nil, message: "archive length \(bytes.count) is not a multiple of 512"))
        }
        var members: [Member] = []
        var names: Set<String> = []
        var offset = 0
        while offset + block <= bytes.count {
            let header = bytes[offset..<offset + block]
            if header.allSatisfy({ $0 == 0 }) {
                // The end: exactly two zero blocks and nothing after them.
                guard offset + 2 * block == bytes.count, bytes[offset + block..<bytes.count].allSatisfy({ $0 == 0 }) else {
                    let bad = bytes[offset...].firstIndex { $0 != 0 } ?? offset + block
                    return .failure(Failure(offset: bad, member: members.last?.name, message: "data after the end of the archive, or a zero block inside it"))
                }
                return .success(members)
            }
            guard members.count < maximumMembers else {
                return .failure(Failure(offset: offset, member: nil, message: "more than \(maximumMembers) members"))
            }
            let name = String(decoding: field(header, 0, 100), as: UTF8.self)
            let label = isSafeName(name) ? name : nil
            func fail(_ message: String, at position: Int? = nil) -> Result<[Member], Failure> {
                // The name may be what was altered: the member's place in the archive names it too.
                .failure(Failure(offset: position ?? offset, member: "#\(members.count + 1)\(label.map { " " + $0 } ?? "")", message: message))
            }
            guard let stored = octalValue(header, 148, 8) else { return fail("header checksum field is not octal") }
            var sum = 0
            for (index, byte) in header.enumerated() { sum += (148..<156).contains(index) ? 32 : Int(byte) }
            guard stored == sum else { return fail("header checksum \(stored) does not match its bytes (\(sum))") }
            guard Array(header[header.startIndex + 257..<header.startIndex + 265]) == Array("ustar\u{0}00".utf8) else { return fail("not a ustar header") }
            guard header[header.startIndex + 156] == UInt8(ascii: "0") else { return fail("member is not a regular file") }
            guard header[header.startIndex + 345..<header.startIndex + 500].allSatisfy({ $0 == 0 }) else { return fail("name prefixes are not accepted") }
            guard label != nil else { return fail("unsafe member name") }
            guard names.insert(name).inserted else { return fail("member \(name) appears twice") }
            guard let size = octalValue(header, 124, 12), size <= bytes.count else { return fail("member size is not a valid octal number") }
            // Every header byte must be what `write` produces for this name, size and time, so
            // a change to any byte (mode, owner, the checksum's own terminator) is caught.
            guard let modified = octalValue(header, 136, 12) else { return fail("member time is not a valid octal number") }
            let canonical = write([Member(name: name, data: [])], modified: modified, size: size)
            if let bad = zip(header.indices, canonical).first(where: { header[$0.0] != $0.1 })?.0 {
                return fail("header byte \(bad - offset) differs from the form camaudit writes", at: bad)
            }
            let start = offset + block
            let padded = (size + block - 1) / block * block
            guard start + padded <= bytes.count else { return fail("member runs past the end of the archive") }
            if let bad = bytes[start + size..<start + padded].firstIndex(where: { $0 != 0 }) {
                return fail("padding after the member's data is not zero", at: bad)
            }
            members.append(Member(name: name, data: Array(bytes[start..<start + size])))
            offset = start + padded
        }
        return .failure(Failure(offset: offset, member: members.last?.name, message: "archive ends without its two zero blocks"))
    }

    /// A NUL-terminated (or full-width) header field.
    static func field(_ header: ArraySlice<UInt8>, _ offset: Int, _ width: Int) -> ArraySlice<UInt8> {
        let slice = header[header.startIndex + offset..<header.startIndex + offset + width]
        return slice.prefix { $0 != 0 }
    }

    /// An octal number field: digits, optionally surrounded by spaces and ended by NUL.
    static func octalValue(_ header: ArraySlice<UInt8>, _ offset: Int, _ width: Int) -> Int? {
        let text = field(header, offset, width).filter { $0 != UInt8(ascii: " ") }
        guard !text.isEmpty, text.count <= 11 else { return nil }
        var value = 0
        for byte in text {
            guard (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(byte) else { return nil }
            value = value * 8 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
