/// The per-device JSON shape shared by `classify`, `scan`, `analyze` and the reports. The field
/// names are documented in the README; keep them stable.
extension Classification {
    public func jsonMembers() -> [(String, JSONValue)] {
        [
            ("maker", .optional(identity.maker)),
            ("brand", .optional(identity.brand)),
            ("model", .optional(identity.model)),
            ("firmware", .optional(identity.firmware)),
            ("device_type", .optional(identity.deviceType?.rawValue)),
            ("serial", .optional(identity.serial)),
            ("mac", .optional(identity.mac)),
            ("covered", verdict.coveredFlag.map(JSONValue.bool) ?? .null),
            ("verdict", .string(verdict.rawValue)),
            ("confidence", .number(identity.confidence)),
            ("lists", .array(listIDs.map(JSONValue.string))),
            ("summary", .string(summary)),
            ("evidence", .array(identity.evidence.map { $0.json() })),
            ("conflicts", .array(identity.conflicts.map { conflict in
                .object([
                    ("maker", .string(conflict.maker)),
                    ("confidence", .number(conflict.confidence)),
                    ("fingerprints", .array(conflict.fingerprintIDs.map(JSONValue.string))),
                ])
            })),
        ]
    }
}

extension Evidence {
    public func json() -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("field", .string(field)),
            // 512 characters at most; a value of 512 UTF-8 bytes or fewer is shorter than that.
            ("value", .string(value.utf8.count <= 512 ? value : String(value.prefix(512)))),
            ("fingerprint", .string(fingerprintID)),
            ("maker", .optional(maker)),
            ("certainty", .number(certainty)),
            ("basis", .string(basis.rawValue)),
            ("source", .string(source.kind.rawValue)),
        ]
        if let reference = source.reference { members.append(("reference", .string(reference))) }
        if let port = source.port { members.append(("port", .int(port))) }
        // Passive evidence says when it was seen.
        if let time = source.time { members.append(("seen_at", .string(Timestamp.iso8601(time)))) }
        return .object(members)
    }
}
