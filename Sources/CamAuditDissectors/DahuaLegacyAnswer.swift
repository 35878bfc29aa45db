import CamAuditModel

/// Dahua's legacy discovery answer on UDP 5050 (protocols.md §5.2): a 0x78-byte section 1
/// (name at 0x28), section 2 (the MAC as text, then the model string), section 3
/// (`Key:Value` lines: serial number, firmware version, device class).
///
/// Published copies are often shortened: a test fixture of a real recorder's answer keeps the
/// first eight bytes of section 1 and goes straight to sections 2 and 3 (evaluation record
/// ev20-dhmcp-nvr1108-1). That form is read too, but only when a MAC stands where section 2
/// would start, so random bytes behind a 0xB3 still give nothing.
enum DahuaLegacyAnswer {
    static let sectionOneLength = 0x78
    /// Where section 2 starts in the shortened form.
    static let shortenedSectionTwoStart = 8
    static let macTextLength = 17
    /// Section 3 is a handful of short lines; more than this is not an answer worth reading.
    static let maximumSectionThreeLength = 2048

    static func observations(_ bytes: [UInt8], source: EvidenceSource) throws(DissectError) -> [Observation] {
        guard bytes.count >= shortenedSectionTwoStart, bytes[0] == 0xB3 else {
            throw DissectError("not a Dahua 5050 discovery answer (first byte not 0xB3, or under 8 bytes)")
        }
        let sectionTwoLength = Int(bytes[2])
        if bytes.count >= sectionOneLength {
            let declared = sectionOneLength + sectionTwoLength + Int(Bytes.u16le(bytes, 0x14) ?? 0)
            if declared <= bytes.count {
                return try whole(bytes, sectionTwoLength: sectionTwoLength, declared: declared, source: source)
            }
            if !startsWithMAC(bytes, at: shortenedSectionTwoStart) {
                throw DissectError("Dahua 5050 answer declares \(declared) bytes but has \(bytes.count)")
            }
        }
        guard sectionTwoLength >= macTextLength, shortenedSectionTwoStart + sectionTwoLength <= bytes.count,
              startsWithMAC(bytes, at: shortenedSectionTwoStart) else {
            throw DissectError("not a Dahua 5050 discovery answer: shorter than its 120-byte first section, and no MAC where a shortened copy has one")
        }
        let sectionThreeStart = shortenedSectionTwoStart + sectionTwoLength
        return sectionTwo(bytes[shortenedSectionTwoStart..<sectionThreeStart], source: source)
            + sectionThree(bytes[sectionThreeStart...].prefix(maximumSectionThreeLength), source: source)
    }

    private static func whole(_ bytes: [UInt8], sectionTwoLength: Int, declared: Int, source: EvidenceSource) throws(DissectError) -> [Observation] {
        let nameField = bytes[0x28..<0x38].prefix { $0 != 0 }
        guard nameField.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw DissectError("Dahua 5050 answer's name field is not text")
        }
        var out: [Observation] = []
        if !nameField.isEmpty {
            out.append(Observation(field: ObservationField.dahuaLegacyName, value: String(decoding: nameField, as: UTF8.self), source: source))
        }
        guard sectionTwoLength >= macTextLength else { return out }
        guard startsWithMAC(bytes, at: sectionOneLength) else { throw DissectError("Dahua 5050 answer's MAC section is not a MAC address") }
        let sectionThreeStart = sectionOneLength + sectionTwoLength
        return out + sectionTwo(bytes[sectionOneLength..<sectionThreeStart], source: source)
            + sectionThree(bytes[sectionThreeStart..<declared].prefix(maximumSectionThreeLength), source: source)
    }

    private static func startsWithMAC(_ bytes: [UInt8], at offset: Int) -> Bool {
        guard offset + macTextLength <= bytes.count else { return false }
        let text = bytes[offset..<offset + macTextLength]
        return text.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && MACText.hexDigits(String(decoding: text, as: UTF8.self)) != nil
    }

    /// The MAC text, then the model string up to a `Name:` field or the first byte that is not
    /// printable ASCII.
    private static func sectionTwo(_ section: ArraySlice<UInt8>, source: EvidenceSource) -> [Observation] {
        let mac = String(decoding: section.prefix(macTextLength), as: UTF8.self)
        var out = [
            Observation(field: ObservationField.dahuaLegacyMAC, value: mac, source: source),
            Observation(field: ObservationField.macAddress, value: mac, source: source),
        ]
        var rest = section.dropFirst(macTextLength).prefix { $0 >= 0x20 && $0 < 0x7F }
        if let name = Bytes.firstRange(of: Array("Name:".utf8), in: rest) { rest = rest[..<name.lowerBound] }
        let model = Bytes.trimmed(String(decoding: rest, as: UTF8.self))
        if !model.isEmpty { out.append(Observation(field: ObservationField.dahuaLegacyModel, value: model, source: source)) }
        return out
    }

    private static let sectionThreeFields: [String: String] = [
        "SerialNo": ObservationField.dahuaLegacySerial,
        "Version": ObservationField.dahuaLegacyVersion,
        "Device": ObservationField.dahuaLegacyDeviceClass,
    ]

    /// `Key:Value` lines; keys other than the three read here (IPv6Addr, DeviceID, SSLPort …)
    /// say nothing about identity.
    private static func sectionThree(_ section: ArraySlice<UInt8>, source: EvidenceSource) -> [Observation] {
        var out: [Observation] = []
        for line in section.split(whereSeparator: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) {
            guard line.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), let colon = line.firstIndex(of: UInt8(ascii: ":")),
                  let field = sectionThreeFields[String(decoding: line[..<colon], as: UTF8.self)] else { continue }
            let value = Bytes.trimmed(String(decoding: line[(colon + 1)...], as: UTF8.self))
            if !value.isEmpty { out.append(Observation(field: field, value: value, source: source)) }
        }
        return out
    }
}
