import Foundation

/// Everything the scanner sent, one entry per connection attempt, datagram or request: what
/// the tests read to prove no credential, stream set-up or write was ever sent.
public final class RequestLog: @unchecked Sendable {
    public struct Entry: Sendable, Hashable {
        public var address: ScanAddress
        public var port: UInt16
        /// `tcp-connect`, `tcp`, `udp`, `http`, `https`, `arp`.
        public var transport: String
        /// The request line or the payload, printable and cut at 2 KiB.
        public var summary: String
    }

    private let lock = NSLock()
    private var stored: [Entry] = []
    private let capacity: Int

    public init(capacity: Int = 1 << 20) {
        self.capacity = capacity
    }

    func append(_ entry: Entry) {
        lock.withLock { if stored.count < capacity { stored.append(entry) } }
    }

    public var entries: [Entry] { lock.withLock { stored } }

    /// Bytes as text for the log: printable ASCII kept, everything else as `\xNN`.
    static func printable(_ bytes: [UInt8]) -> String {
        var out = ""
        for byte in bytes.prefix(2048) {
            if byte == 0x0D { out += "\\r" } else if byte == 0x0A { out += "\\n" } else if byte >= 0x20 && byte < 0x7F { out.unicodeScalars.append(Unicode.Scalar(byte)) } else { out += String(format: "\\x%02x", byte) }
        }
        return out
    }
}
