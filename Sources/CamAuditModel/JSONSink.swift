import Foundation

/// Where a JSON shape is written, value by value. Each output shape is spelled once, generic over
/// the sink: `JSONTreeBuilder` makes a `JSONValue` for callers that combine or compare values,
/// `JSONBytesWriter` writes the text straight into bytes, which is what a capture's hundred
/// thousand devices need (no tree of arrays and boxed values per device).
public protocol JSONSink {
    mutating func beginObject()
    mutating func endObject()
    mutating func beginArray()
    mutating func endArray()
    /// The next member's name; the next value is that member's. Names are literals of the
    /// shapes, plain ASCII that needs no escaping.
    mutating func key(_ name: StaticString)
    mutating func string(_ value: String)
    /// A time as `Timestamp.iso8601` writes it, as a string.
    mutating func timestamp(_ value: Date)
    mutating func int(_ value: Int)
    mutating func number(_ value: Double)
    mutating func bool(_ value: Bool)
    mutating func null()
}

extension JSONSink {
    public mutating func timestamp(_ value: Date) { string(Timestamp.iso8601(value)) }

    @inlinable
    public mutating func optional(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    @inlinable
    public mutating func strings(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }
}

/// JSON text as UTF-8 bytes, byte for byte what `JSONValue.serializedBytes` gives for the same
/// values.
public struct JSONBytesWriter: JSONSink {
    public private(set) var bytes: [UInt8] = []
    /// A value was written at this level, so the next one needs a comma.
    private var needsComma = false
    /// A member name was just written: its value takes no comma.
    private var afterKey = false

    public init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    private mutating func separate() {
        if afterKey {
            afterKey = false
        } else if needsComma {
            bytes.append(UInt8(ascii: ","))
        }
        needsComma = true
    }

    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// A container is a value of the level around it; inside, nothing needs a comma yet.
    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        needsComma = false
    }

    private mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        needsComma = true
    }

    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { name in
            assert(name.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }, "a member name that needs escaping")
            bytes.append(contentsOf: name)
        }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    public mutating func string(_ value: String) {
        separate()
        JSONValue.writeString(value, to: &bytes)
    }

    /// Digits, `-`, `:`, `.`, `T` and `Z` need no escaping: written in place.
    public mutating func timestamp(_ value: Date) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        Timestamp.write(value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func int(_ value: Int) {
        separate()
        JSONValue.writeInt(value, to: &bytes)
    }

    public mutating func number(_ value: Double) {
        separate()
        JSONValue.writeNumber(value, to: &bytes)
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }
}

/// Builds a `JSONValue` from the same calls.
public struct JSONTreeBuilder: JSONSink {
    private enum Level {
        case array([JSONValue])
        case object([(String, JSONValue)], key: String?)
    }

    private var levels: [Level] = []
    /// The outermost value, once it is complete.
    public private(set) var value: JSONValue?

    public init() {}

    private mutating func add(_ item: JSONValue) {
        guard let top = levels.popLast() else {
            value = item
            return
        }
        switch top {
        case .array(var items):
            items.append(item)
            levels.append(.array(items))
        case .object(var members, let key):
            members.append((key ?? "", item))
            levels.append(.object(members, key: nil))
        }
    }

    public mutating func beginObject() { levels.append(.object([], key: nil)) }

    public mutating func endObject() {
        guard case .object(let members, _)? = levels.popLast() else { preconditionFailure("endObject without beginObject") }
        add(.object(members))
    }

    public mutating func beginArray() { levels.append(.array([])) }

    public mutating func endArray() {
        guard case .array(let items)? = levels.popLast() else { preconditionFailure("endArray without beginArray") }
        add(.array(items))
    }

    public mutating func key(_ name: StaticString) {
        guard case .object(let members, _)? = levels.popLast() else { preconditionFailure("key outside an object") }
        levels.append(.object(members, key: name.description))
    }

    public mutating func string(_ value: String) { add(.string(value)) }
    public mutating func int(_ value: Int) { add(.int(value)) }
    public mutating func number(_ value: Double) { add(.number(value)) }
    public mutating func bool(_ value: Bool) { add(.bool(value)) }
    public mutating func null() { add(.null) }

    /// The members an object's calls wrote: `write` writes members only, without braces.
    public static func members(_ write: (inout JSONTreeBuilder) -> Void) -> [(String, JSONValue)] {
        var builder = JSONTreeBuilder()
        builder.beginObject()
        write(&builder)
        builder.endObject()
        guard case .object(let members)? = builder.value else { return [] }
        return members
    }

    /// The one value the calls wrote.
    public static func value(_ write: (inout JSONTreeBuilder) -> Void) -> JSONValue {
        var builder = JSONTreeBuilder()
        write(&builder)
        return builder.value ?? .null
    }
}
