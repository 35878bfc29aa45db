import CamAuditModel
import Foundation
import Testing

/// Output shapes are spelled once over `JSONSink`; the byte writer must give exactly the text
/// the tree gives, for any shape (empty containers, nesting, numbers, escapes).
@Suite struct JSONSinkTests {
    /// Replays a tree into a sink, as a shape's writer would call it.
    static func replay<Sink: JSONSink>(_ value: JSONValue, into sink: inout Sink) {
        switch value {
        case .null: sink.null()
        case .bool(let flag): sink.bool(flag)
        case .int(let number): sink.int(number)
        case .number(let number): sink.number(number)
        case .string(let text): sink.string(text)
        case .array(let items):
            sink.beginArray()
            for item in items { replay(item, into: &sink) }
            sink.endArray()
        case .object(let members):
            sink.beginObject()
            for (name, item) in members {
                // Shapes name members with literals; the random trees draw from these.
                sink.key(memberNames.first { $0.description == name } ?? "unnamed")
                replay(item, into: &sink)
            }
            sink.endObject()
        }
    }

    static let memberNames: [StaticString] = ["", "a", "field", "seen_at", "mac_source", "x-y 1"]

    static func randomValue(depth: Int, using generator: inout some RandomNumberGenerator) -> JSONValue {
        let texts = ["", "a", "say \"hi\"", "line\nbreak", "\u{1}", "é😀", "x\u{2028}"]
        let numbers: [Double] = [0, 1, -1, 0.5, 0.123, 1e15, 1e16, -2.5e-7, .nan, .infinity]
        switch Int.random(in: 0..<(depth > 3 ? 6 : 8), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .int(Int.random(in: -1_000_000...1_000_000, using: &generator))
        case 3: return .number(numbers.randomElement(using: &generator)!)
        case 4, 5: return .string(texts.randomElement(using: &generator)!)
        case 6:
            return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            return .object((0..<Int.random(in: 0...4, using: &generator)).map { _ in
                (memberNames.randomElement(using: &generator)!.description, randomValue(depth: depth + 1, using: &generator))
            })
        }
    }

    @Test func theByteWriterWritesWhatTheTreeSerialises() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let value = Self.randomValue(depth: 0, using: &generator)
            var writer = JSONBytesWriter()
            Self.replay(value, into: &writer)
            #expect(writer.bytes == value.serializedBytes(), "\(value.serialized())")
            var builder = JSONTreeBuilder()
            Self.replay(value, into: &builder)
            #expect(builder.value?.serializedBytes() == value.serializedBytes())
        }
    }

    @Test func membersAreCollectedWithoutTheirBraces() {
        let members = JSONTreeBuilder.members { sink in
            sink.key("a"); sink.int(1)
            sink.key("b"); sink.strings(["x", "y"])
            sink.key("c"); sink.optional(nil)
        }
        #expect(JSONValue.object(members).serialized() == #"{"a":1,"b":["x","y"],"c":null}"#)
    }
}
