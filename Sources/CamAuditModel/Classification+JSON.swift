/// The per-device JSON shape shared by `classify`, `scan`, `analyze` and the reports. The field
/// names are documented in the README; keep them stable.
extension Classification {
    public func jsonMembers() -> [(String, JSONValue)] {
        JSONTreeBuilder.members { writeJSONMembers(to: &$0) }
    }

    /// The members in order; `includingMAC: false` leaves out `mac` for an output that states
    /// the device's MAC itself.
    @inlinable
    public func writeJSONMembers<Sink: JSONSink>(to sink: inout Sink, includingMAC: Bool = true) {
        sink.key("maker"); sink.optional(identity.maker)
        sink.key("brand"); sink.optional(identity.brand)
        sink.key("model"); sink.optional(identity.model)
        sink.key("firmware"); sink.optional(identity.firmware)
        sink.key("device_type"); sink.optional(identity.deviceType?.rawValue)
        sink.key("serial"); sink.optional(identity.serial)
        if includingMAC { sink.key("mac"); sink.optional(identity.mac) }
        sink.key("covered")
        if let covered = verdict.coveredFlag { sink.bool(covered) } else { sink.null() }
        sink.key("verdict"); sink.string(verdict.rawValue)
        sink.key("confidence"); sink.number(identity.confidence)
        sink.key("lists"); sink.strings(listIDs)
        sink.key("summary"); sink.string(summary)
        sink.key("evidence")
        sink.beginArray()
        for item in identity.evidence { item.writeJSON(to: &sink) }
        sink.endArray()
        sink.key("conflicts")
        sink.beginArray()
        for conflict in identity.conflicts {
            sink.beginObject()
            sink.key("maker"); sink.string(conflict.maker)
            sink.key("confidence"); sink.number(conflict.confidence)
            sink.key("fingerprints"); sink.strings(conflict.fingerprintIDs)
            sink.endObject()
        }
        sink.endArray()
    }
}

extension Evidence {
    public func json() -> JSONValue {
        JSONTreeBuilder.value { writeJSON(to: &$0) }
    }

    @inlinable
    public func writeJSON<Sink: JSONSink>(to sink: inout Sink) {
        sink.beginObject()
        sink.key("field"); sink.string(field)
        // 512 characters at most; a value of 512 UTF-8 bytes or fewer is shorter than that.
        sink.key("value"); sink.string(value.utf8.count <= 512 ? value : String(value.prefix(512)))
        sink.key("fingerprint"); sink.string(fingerprintID)
        sink.key("maker"); sink.optional(maker)
        sink.key("certainty"); sink.number(certainty)
        sink.key("basis"); sink.string(basis.rawValue)
        sink.key("source"); sink.string(source.kind.rawValue)
        if let reference = source.reference { sink.key("reference"); sink.string(reference) }
        if let port = source.port { sink.key("port"); sink.int(port) }
        // Passive evidence says when it was seen.
        if let time = source.time { sink.key("seen_at"); sink.timestamp(time) }
        sink.endObject()
    }
}
