/// Why a capture file could not be read, worded for the person running `camaudit analyze`:
/// which file, what went wrong, what to do.
public struct CaptureError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The file is missing, unreadable, or not a pcap/pcapng file libpcap understands.
        case open
        /// The file started well but a record could not be read (truncated, corrupt length).
        case read
    }

    public var kind: Kind
    public var path: String
    public var message: String

    public init(_ kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
