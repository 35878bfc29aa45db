import CamAuditModel

extension DeviceReport {
    /// The per-device JSON: `ip`, `mac` and `mac_source` (`frame`, `payload`, `none`), the shared
    /// classification members, then `first_seen`/`last_seen` in ISO 8601 (UTC).
    public func json() -> JSONValue {
        JSONTreeBuilder.value { writeJSON(to: &$0) }
    }

    /// The same text, written without a tree: a large capture's output is mostly this.
    public func jsonBytes() -> [UInt8] {
        // A passive device's JSON is 1–5 KB: room for most at once, instead of growing (and
        // copying) the buffer two or three times per device.
        var writer = JSONBytesWriter(capacity: 4096)
        writeJSON(to: &writer)
        return writer.bytes
    }

    func writeJSON<Sink: JSONSink>(to sink: inout Sink) {
        sink.beginObject()
        sink.key("ip")
        sink.beginArray()
        for address in addresses { sink.string(address.description) }
        sink.endArray()
        sink.key("mac"); sink.optional(mac?.description)
        sink.key("mac_source"); sink.string(macSource.rawValue)
        classification.writeJSONMembers(to: &sink, includingMAC: false)
        sink.key("first_seen"); sink.timestamp(firstSeen)
        sink.key("last_seen"); sink.timestamp(lastSeen)
        sink.key("packets"); sink.int(packets)
        sink.endObject()
    }
}
