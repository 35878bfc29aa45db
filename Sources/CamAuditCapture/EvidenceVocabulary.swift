/// The few strings every sender's evidence repeats (field names, protocol names, capture file
/// names), each held once for the whole analysis and named in a sender's evidence by a 16-bit
/// number (`SenderEvidence`).
///
/// Field and protocol names come from the dissectors' fixed lists, so the table stays small;
/// it is bounded all the same, and a string met once it is full is stored inline instead.
struct EvidenceVocabulary: Sendable {
    static let capacity = 4096

    private(set) var strings: [String] = []
    private var numbers: [String: UInt16] = [:]

    /// The string's number, added on first use; nil once the table is full.
    mutating func number(for string: String) -> UInt16? {
        if let known = numbers[string] { return known }
        guard strings.count < Self.capacity else { return nil }
        let number = UInt16(strings.count)
        strings.append(string)
        numbers[string] = number
        return number
    }

    /// The number of a string already in the table, without adding it.
    func existingNumber(for string: String) -> UInt16? { numbers[string] }

    subscript(number: UInt16) -> String { strings[Int(number)] }
}
