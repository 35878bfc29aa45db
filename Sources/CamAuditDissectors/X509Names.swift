/// Subject, issuer and validity of a DER X.509 certificate, spelled as libcurl's certificate
/// info and the corpus spell them (`C=CN,ST=ZJ,…,CN=hikvision.com`; dates
/// `2013-01-01 00:00:00 GMT`), so a certificate seen on the wire matches the same fingerprints
/// as one fetched by the scanner.
struct X509Names {
    var subject: String
    var issuer: String
    var notBefore: String?
    var notAfter: String?

    /// Short names of the attribute types that appear in device certificates (RFC 4519).
    private static let attributeNames: [[UInt8]: String] = [
        [0x55, 0x04, 0x03]: "CN", [0x55, 0x04, 0x06]: "C", [0x55, 0x04, 0x07]: "L", [0x55, 0x04, 0x08]: "ST",
        [0x55, 0x04, 0x0A]: "O", [0x55, 0x04, 0x0B]: "OU", [0x55, 0x04, 0x05]: "serialNumber",
        [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x01]: "emailAddress",
    ]

    /// Parses `Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version?, serial,
    /// signature, issuer, validity, subject, … }, … }`; nil when the bytes are not one.
    init?(der: ArraySlice<UInt8>) {
        var outer = DERReader(der)
        guard let certificate = outer.next(), certificate.tag == 0x30 else { return nil }
        var fields = DERReader(certificate.content)
        guard let tbs = fields.next(), tbs.tag == 0x30 else { return nil }
        var reader = DERReader(tbs.content)
        _ = reader.next(ifTag: 0xA0)
        guard reader.next(ifTag: 0x02) != nil, reader.next(ifTag: 0x30) != nil,
              let issuer = reader.next(ifTag: 0x30), let validity = reader.next(ifTag: 0x30),
              let subject = reader.next(ifTag: 0x30)
        else { return nil }
        self.issuer = Self.name(issuer.content)
        self.subject = Self.name(subject.content)
        var dates = DERReader(validity.content)
        notBefore = dates.next().flatMap(Self.time)
        notAfter = dates.next().flatMap(Self.time)
    }

    /// `Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY }`, in encoded order.
    static func name(_ content: ArraySlice<UInt8>) -> String {
        var parts: [String] = []
        var sets = DERReader(content)
        while parts.count < 32, let set = sets.next(), set.tag == 0x31 {
            var pairs = DERReader(set.content)
            while let pair = pairs.next(), pair.tag == 0x30 {
                var typeAndValue = DERReader(pair.content)
                guard let type = typeAndValue.next(ifTag: 0x06), let value = typeAndValue.next() else { continue }
                let key = attributeNames[Array(type.content)] ?? oid(type.content)
                let text = String(decoding: value.content.prefix(256), as: UTF8.self)
                // Dahua's CA writes its names with no-break spaces; the text forms read them as spaces too.
                parts.append(key + "=" + String(text.filter { $0 != "," && !$0.isNewline }.map { $0 == "\u{00A0}" ? " " : $0 }))
            }
        }
        return parts.joined(separator: ",")
    }

    /// Dotted form of an OID the table above does not name.
    static func oid(_ content: ArraySlice<UInt8>) -> String {
        guard let first = content.first else { return "?" }
        var arcs = [String(first / 40), String(first % 40)]
        var value = 0
        for byte in content.dropFirst().prefix(32) {
            value = value << 7 | Int(byte & 0x7F)
            if byte & 0x80 == 0 {
                arcs.append(String(value))
                value = 0
            }
        }
        return arcs.joined(separator: ".")
    }

    /// UTCTime (YYMMDDhhmmssZ) or GeneralizedTime (YYYYMMDDhhmmssZ) as `YYYY-MM-DD hh:mm:ss GMT`.
    static func time(_ element: DERReader.Element) -> String? {
        let text = String(decoding: element.content.prefix(32), as: UTF8.self)
        let digits = Array(text.prefix { $0.isASCII && $0.isNumber })
        let full: [Character]
        switch (element.tag, digits.count) {
        case (0x17, 12...):
            // RFC 5280: two-digit years 50–99 are 19xx, 00–49 are 20xx.
            let century: [Character] = Int(String(digits[0...1]))! >= 50 ? ["1", "9"] : ["2", "0"]
            full = century + digits.prefix(12)
        case (0x18, 14...):
            full = Array(digits.prefix(14))
        default:
            return nil
        }
        let s = String(full)
        func part(_ from: Int, _ length: Int) -> Substring {
            s.dropFirst(from).prefix(length)
        }
        return "\(part(0, 4))-\(part(4, 2))-\(part(6, 2)) \(part(8, 2)):\(part(10, 2)):\(part(12, 2)) GMT"
    }
}
