/// Where a packet is in the input (`school.pcap#1234`), kept as its parts and spelled only when
/// evidence cites it: most packets never become evidence, and a capture of a hundred thousand
/// senders would otherwise hold a string per sender and per reassembled segment.
struct PacketReference: Sendable {
    /// The file's name, one shared string for every packet of the file.
    var file: String
    var number: Int

    static let none = PacketReference(file: "", number: 0)

    var text: String { file.isEmpty ? "" : "\(file)#\(number)" }
}
