/// Why a capture file could not be read or an interface not captured on, worded for the person
/// running `camaudit analyze` or `listen`: which file or interface, what went wrong, what to do.
public struct CaptureError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The file is missing, unreadable, or not a pcap/pcapng file libpcap understands.
        case open
        /// The file started well but a record could not be read (truncated, corrupt length).
        case read
        /// Live capture was refused: no root, no CAP_NET_RAW.
        case permission
        /// The interface is missing, down, or cannot be captured on.
        case interface
        /// The BPF filter does not compile or cannot be installed.
        case filter
    }

    public var kind: Kind
    /// The file, or the interface for a live capture.
    public var path: String
    public var message: String

    public init(_ kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
