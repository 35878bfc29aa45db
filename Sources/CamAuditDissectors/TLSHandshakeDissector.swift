import CamAuditModel

/// TLS handshakes seen on the wire (RFC 5246 §6.2, §7.4; RFC 6066 §3):
/// - the server's first flight: up to TLS 1.2 the Certificate message is in the clear, and its
///   leaf certificate gives `tls.subject`, `tls.issuer` and the validity (TLS 1.3 encrypts it,
///   so such a flight yields nothing);
/// - a client's ClientHello: the server name it asks for (`tls.sni`), the TLS twin of a DNS
///   query, so a camera phoning home to its maker's cloud is seen even when DNS is not.
public enum TLSHandshakeDissector {
    static let handshakeRecord: UInt8 = 22

    /// Observations from the first bytes a TLS server sent.
    public static func serverFlight(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        let messages = handshakeMessages(bytes[...])
        guard !messages.isEmpty else { throw DissectError("no TLS handshake record at the start of the stream") }
        for message in messages where message.type == 11 {
            guard let leaf = leafCertificate(message.body), let names = X509Names(der: leaf) else {
                throw DissectError("TLS Certificate message without a readable certificate")
            }
            var out = [
                Observation(field: ObservationField.tlsSubject, value: names.subject, source: source),
                Observation(field: ObservationField.tlsIssuer, value: names.issuer, source: source),
            ]
            if let notBefore = names.notBefore { out.append(Observation(field: ObservationField.tlsNotBefore, value: notBefore, source: source)) }
            if let notAfter = names.notAfter { out.append(Observation(field: ObservationField.tlsNotAfter, value: notAfter, source: source)) }
            return out
        }
        return []
    }

    /// The server name of a ClientHello, if the client sent one.
    public static func clientHello(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        guard let hello = handshakeMessages(bytes[...]).first, hello.type == 1 else {
            throw DissectError("not a TLS ClientHello")
        }
        guard let name = serverName(hello.body) else { return [] }
        return [Observation(field: ObservationField.tlsServerName, value: name, source: source)]
    }

    /// Handshake messages carried by the leading handshake records, reassembled across records
    /// (a certificate chain usually spans several). Stops at the first other record type.
    static func handshakeMessages(_ bytes: ArraySlice<UInt8>) -> [(type: UInt8, body: ArraySlice<UInt8>)] {
        var stream: [UInt8] = []
        var rest = bytes
        while rest.count >= 5, rest[rest.startIndex] == handshakeRecord, rest[rest.startIndex + 1] == 3 {
            let length = Int(rest[rest.startIndex + 3]) << 8 | Int(rest[rest.startIndex + 4])
            // RFC 5246 §6.2.1: a record carries at most 2^14 bytes.
            guard length <= 1 << 14 else { break }
            let body = rest.dropFirst(5).prefix(length)
            stream += body
            rest = rest.dropFirst(5 + body.count)
            if body.count < length { break }
        }
        var messages: [(UInt8, ArraySlice<UInt8>)] = []
        var cursor = stream[...]
        while cursor.count >= 4, messages.count < 16 {
            let start = cursor.startIndex
            let length = Int(cursor[start + 1]) << 16 | Int(cursor[start + 2]) << 8 | Int(cursor[start + 3])
            guard cursor.count - 4 >= length else { break }
            messages.append((cursor[start], cursor[(start + 4)..<(start + 4 + length)]))
            cursor = cursor.dropFirst(4 + length)
        }
        return messages
    }

    /// The first certificate of `Certificate { certificate_list<0..2^24-1> }` (TLS ≤ 1.2).
    static func leafCertificate(_ body: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard body.count >= 6 else { return nil }
        let start = body.startIndex
        let first = start + 3
        let length = Int(body[first]) << 16 | Int(body[first + 1]) << 8 | Int(body[first + 2])
        guard length > 0, body.endIndex - (first + 3) >= length else { return nil }
        return body[(first + 3)..<(first + 3 + length)]
    }

    /// `server_name` (extension 0) of a ClientHello body: host_name entries only.
    static func serverName(_ body: ArraySlice<UInt8>) -> String? {
        var cursor = body
        func skip(_ count: Int) -> Bool {
            guard cursor.count >= count else { return false }
            cursor = cursor.dropFirst(count)
            return true
        }
        func read(_ width: Int) -> Int? {
            guard cursor.count >= width else { return nil }
            let value = cursor.prefix(width).reduce(0) { $0 << 8 | Int($1) }
            cursor = cursor.dropFirst(width)
            return value
        }
        // version, random, session id, cipher suites, compression methods.
        guard skip(34), let session = read(1), skip(session), let suites = read(2), skip(suites),
              let compressions = read(1), skip(compressions), let extensionsLength = read(2)
        else { return nil }
        cursor = cursor.prefix(extensionsLength)
        while let type = read(2), let length = read(2) {
            guard cursor.count >= length else { return nil }
            let data = cursor.prefix(length)
            cursor = cursor.dropFirst(length)
            guard type == 0, data.count >= 5 else { continue }
            let start = data.startIndex
            guard data[start + 2] == 0 else { return nil }
            let nameLength = Int(data[start + 3]) << 8 | Int(data[start + 4])
            let name = data.dropFirst(5).prefix(min(nameLength, 255))
            guard name.count == nameLength, name.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
            return String(decoding: name, as: UTF8.self).lowercased()
        }
        return nil
    }
}
