/// Why a payload could not be read. Dissection errors are per record: the rest of the input
/// is still processed.
public struct DissectError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
