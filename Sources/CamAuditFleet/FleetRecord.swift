/// One recorded device response from the shared corpus, compiled in (see
/// `Packaging/fleet/extract-fleet-records.py`); the fleet answers with these bytes.
public struct FleetRecord: Sendable {
    public var id: String
    public var protocolName: String
    /// The corpus's truth: who made the device that sent it.
    public var maker: String
    public var covered: Bool?
    public var source: String
    public var bytes: [UInt8]

    init(id: String, protocolName: String, maker: String, covered: Bool?, source: String, hex: String) {
        self.id = id
        self.protocolName = protocolName
        self.maker = maker
        self.covered = covered
        self.source = source
        self.bytes = FleetRecord.decodeHex(hex)
    }

    static let byID: [String: FleetRecord] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    /// The record with this id; the ids are fixed at build time, so a miss is a programming error.
    static func named(_ id: String) -> FleetRecord {
        guard let record = byID[id] else { preconditionFailure("fleet record \(id) is not compiled in; rerun extract-fleet-records.py") }
        return record
    }

    private static func decodeHex(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for character in hex.utf8 {
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = character - UInt8(ascii: "A") + 10
            default: preconditionFailure("generated fleet record is not hex")
            }
            if let pending = high {
                bytes.append(pending << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }
}
