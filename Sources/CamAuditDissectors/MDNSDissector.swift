import CamAuditModel

/// mDNS answers (RFC 6762; the message is a DNS message, RFC 1035 §4.1, RFC 6762 §18): what a
/// device announces about itself. A and AAAA owner names and SRV targets are its host name,
/// PTR targets and SRV owners its service instances (DNS-SD, RFC 6763 §4: "Camera._http._tcp.local"),
/// TXT strings its key=value attributes (RFC 6763 §6).
public enum MDNSDissector {
    /// Resource records read at most, over answers, authority and additional sections.
    static let maximumRecords = 64

    public static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        guard bytes.count >= 12 else { throw DissectError("mDNS message shorter than its 12-byte header") }
        guard bytes[2] & 0x80 != 0 else { throw DissectError("mDNS message is a query, not an answer") }
        func count(_ offset: Int) -> Int { Int(bytes[offset]) << 8 | Int(bytes[offset + 1]) }
        let questions = count(4)
        let records = count(6) + count(8) + count(10)
        var offset = 12
        // Questions (name, type, class) are skipped; answers may carry some (RFC 6762 §6).
        for _ in 0..<min(questions, 16) {
            let (_, next) = try DNSDissector.readName(bytes, at: offset)
            offset = next + 4
            guard offset <= bytes.count else { throw DissectError("mDNS question is cut off") }
        }
        var out: [Observation] = []
        func add(_ field: String, _ value: String) {
            guard !value.isEmpty, out.count < 128, !out.contains(where: { $0.field == field && $0.value == value }) else { return }
            out.append(Observation(field: field, value: String(value.prefix(256)), source: source))
        }
        for _ in 0..<min(records, maximumRecords) {
            let (owner, next) = try DNSDissector.readName(bytes, at: offset)
            // type (2), class (2, top bit the cache-flush flag of RFC 6762 §10.2), TTL (4), rdlength (2).
            guard next + 10 <= bytes.count else { throw DissectError("mDNS record header is cut off") }
            let type = count(next)
            let length = count(next + 8)
            let rdata = next + 10
            guard rdata + length <= bytes.count else { throw DissectError("mDNS record data runs past the end") }
            switch type {
            case 1, 28:
                // A (RFC 1035 §3.4.1) and AAAA (RFC 3596 §2.2): the owner is the host's name.
                add(ObservationField.mdnsHostname, owner)
            case 12:
                // PTR (RFC 1035 §3.3.12): a service type's instance, or a reverse name's host.
                let (target, _) = try DNSDissector.readName(bytes, at: rdata)
                if owner.hasSuffix(".arpa") {
                    add(ObservationField.mdnsHostname, target)
                } else if owner != "_services._dns-sd._udp.local" {
                    add(ObservationField.mdnsService, target)
                }
            case 33:
                // SRV (RFC 2782): priority, weight, port (2 each), target host.
                guard length >= 7 else { break }
                add(ObservationField.mdnsService, owner)
                let (target, _) = try DNSDissector.readName(bytes, at: rdata + 6)
                add(ObservationField.mdnsHostname, target)
            case 16:
                // TXT: length-prefixed strings (RFC 1035 §3.3.14, RFC 6763 §6).
                var index = rdata
                var strings = 0
                while index < rdata + length, strings < 32 {
                    let size = Int(bytes[index])
                    guard index + 1 + size <= rdata + length else { break }
                    add(ObservationField.mdnsTXT, Bytes.cString(bytes, index + 1, size))
                    index += 1 + size
                    strings += 1
                }
            default:
                break
            }
            offset = rdata + length
        }
        return out
    }
}
