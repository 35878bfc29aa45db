import CamAuditModel
import Foundation

/// Where one dissection's observations came from, as the analyser knows it: the parts of an
/// `EvidenceSource`, with the packet reference kept as (file, number) rather than spelled.
struct EvidenceOrigin: Sendable {
    var kind: EvidenceSource.Kind = .passive
    var protocolName: String?
    var port: Int?
    var reference: PacketReference?
    var time: Date?

    var source: EvidenceSource {
        EvidenceSource(kind: kind, protocolName: protocolName, port: port, reference: reference?.text, time: time)
    }
}

/// One sender's observations packed into a single byte buffer: at a hundred thousand senders,
/// an array of `Observation` values (six strings and optionals each, plus a hash set to spot
/// repeats) cost kilobytes a sender; packed, a sender that gave one DHIP answer costs about the
/// bytes of its values.
///
/// Each entry is a flags byte, the field (a `EvidenceVocabulary` number, or inline), the value
/// as length + UTF-8, then the origin only when it differs from the entry before (one
/// dissection's observations share it). Strings come back exactly as they went in.
struct SenderEvidence: Sendable {
    private static let originFollows: UInt8 = 0x01
    private static let inlineField: UInt8 = 0x02

    private static let kindMask: UInt8 = 0x03
    private static let hasProtocol: UInt8 = 0x04
    private static let inlineProtocol: UInt8 = 0x08
    private static let hasPort: UInt8 = 0x10
    private static let hasReference: UInt8 = 0x20
    private static let hasTime: UInt8 = 0x40
    private static let inlineFile: UInt8 = 0x80

    private static let kinds: [EvidenceSource.Kind] = [.passive, .active, .recorded, .imported]

    private(set) var bytes: [UInt8] = []
    private(set) var count = 0
    /// From `indexedFrom` entries on, the hashes of the entries' fields and values: a busy host
    /// has up to 512 entries, and walking them for every new one made recording quadratic. A
    /// sender with fewer is walked (most senders have a handful; no memory for them).
    private var hashes: Set<Int>?
    static let indexedFrom = 24

    /// True when an entry has this field and value (the vocabulary number stands for the field
    /// when it has one).
    func contains(field: String, fieldNumber: UInt16?, value: String) -> Bool {
        var value = value
        return value.withUTF8 { valueBytes in
            if let hashes, !hashes.contains(Self.hash(field: field, fieldNumber: fieldNumber, value: valueBytes)) { return false }
            return contains(field: field, fieldNumber: fieldNumber, valueBytes: valueBytes)
        }
    }

    private func contains(field: String, fieldNumber: UInt16?, valueBytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var reader = Reader(bytes: bytes)
        while !reader.atEnd {
            let (entryField, entryValue) = reader.fieldAndValue()
            guard entryValue.count == valueBytes.count else { continue }
            let sameField: Bool
            switch entryField {
            case .number(let number): sameField = number == fieldNumber
            case .inline(let range): sameField = fieldNumber == nil && bytes[range].elementsEqual(field.utf8)
            }
            if sameField, bytes[entryValue].elementsEqual(valueBytes) { return true }
        }
        return false
    }

    private static func hash(field: String, fieldNumber: UInt16?, value: UnsafeBufferPointer<UInt8>) -> Int {
        var hasher = Hasher()
        if let fieldNumber { hasher.combine(fieldNumber) } else { hasher.combine(field) }
        hasher.combine(bytes: UnsafeRawBufferPointer(value))
        return hasher.finalize()
    }

    /// Notes a new entry; at `indexedFrom` entries the hashes of all so far are kept.
    private mutating func remember(field: String, fieldNumber: UInt16?, value: String) {
        if hashes != nil {
            var value = value
            hashes?.insert(value.withUTF8 { Self.hash(field: field, fieldNumber: fieldNumber, value: $0) })
            return
        }
        guard count + 1 >= Self.indexedFrom else { return }
        var all = Set<Int>(minimumCapacity: 2 * Self.indexedFrom)
        var reader = Reader(bytes: bytes)
        while !reader.atEnd {
            let (field, value) = reader.fieldAndValue()
            all.insert(bytes.withUnsafeBufferPointer { buffer in
                let valueBytes = UnsafeBufferPointer(rebasing: buffer[value])
                switch field {
                case .number(let number): return Self.hash(field: "", fieldNumber: number, value: valueBytes)
                case .inline(let range): return Self.hash(field: String(decoding: buffer[range], as: UTF8.self), fieldNumber: nil, value: valueBytes)
                }
            })
        }
        hashes = all
    }

    /// Appends one observation; `origin` is nil when it is the previous entry's. Returns the
    /// bytes the entry took.
    mutating func append(_ observation: Observation, fieldNumber: UInt16?, origin: EvidenceOrigin?, vocabulary: inout EvidenceVocabulary) -> Int {
        let before = bytes.count
        var flags: UInt8 = 0
        if origin != nil { flags |= Self.originFollows }
        if fieldNumber == nil { flags |= Self.inlineField }
        bytes.append(flags)
        if let fieldNumber {
            appendNumber(fieldNumber)
        } else {
            appendText(observation.field)
        }
        appendText(observation.value)
        if let origin { appendOrigin(origin, vocabulary: &vocabulary) }
        remember(field: observation.field, fieldNumber: fieldNumber, value: observation.value)
        count += 1
        return bytes.count - before
    }

    private mutating func appendOrigin(_ origin: EvidenceOrigin, vocabulary: inout EvidenceVocabulary) {
        var flags = UInt8(Self.kinds.firstIndex(of: origin.kind) ?? 0)
        let protocolNumber = origin.protocolName.flatMap { vocabulary.number(for: $0) }
        let fileNumber = origin.reference.flatMap { vocabulary.number(for: $0.file) }
        if origin.protocolName != nil { flags |= Self.hasProtocol }
        if origin.protocolName != nil, protocolNumber == nil { flags |= Self.inlineProtocol }
        if origin.port != nil { flags |= Self.hasPort }
        if origin.reference != nil { flags |= Self.hasReference }
        if origin.reference != nil, fileNumber == nil { flags |= Self.inlineFile }
        if origin.time != nil { flags |= Self.hasTime }
        bytes.append(flags)
        if let name = origin.protocolName {
            if let protocolNumber { appendNumber(protocolNumber) } else { appendText(name) }
        }
        if let port = origin.port { appendVarint(UInt64(bitPattern: Int64(port))) }
        if let reference = origin.reference {
            if let fileNumber { appendNumber(fileNumber) } else { appendText(reference.file) }
            appendVarint(UInt64(bitPattern: Int64(reference.number)))
        }
        if let time = origin.time {
            var bits = time.timeIntervalSinceReferenceDate.bitPattern
            for _ in 0..<8 {
                bytes.append(UInt8(truncatingIfNeeded: bits))
                bits >>= 8
            }
        }
    }

    private mutating func appendNumber(_ number: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: number))
        bytes.append(UInt8(truncatingIfNeeded: number >> 8))
    }

    private mutating func appendText(_ text: String) {
        appendVarint(UInt64(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }

    private mutating func appendVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// The observations, in the order they were added.
    func observations(_ vocabulary: EvidenceVocabulary) -> [Observation] {
        var result: [Observation] = []
        result.reserveCapacity(count)
        var reader = Reader(bytes: bytes)
        var source = EvidenceSource()
        while !reader.atEnd {
            let entry = reader.entry()
            let field: String
            switch entry.field {
            case .number(let number): field = vocabulary[number]
            case .inline(let range): field = String(decoding: bytes[range], as: UTF8.self)
            }
            if let origin = entry.origin { source = Self.source(origin, vocabulary: vocabulary) }
            result.append(Observation(field: field, value: String(decoding: bytes[entry.value], as: UTF8.self), source: source))
        }
        return result
    }

    private static func source(_ origin: Reader.Origin, vocabulary: EvidenceVocabulary) -> EvidenceSource {
        func text(_ part: Reader.Text) -> String {
            switch part {
            case .number(let number): vocabulary[number]
            case .inline(let bytes): String(decoding: bytes, as: UTF8.self)
            }
        }
        return EvidenceSource(
            kind: kinds[Int(origin.flags & kindMask)],
            protocolName: origin.protocolName.map(text),
            port: origin.port,
            reference: origin.file.map { PacketReference(file: text($0), number: origin.packetNumber).text },
            time: origin.time)
    }

    /// Walks the entries; the buffer is only ever written by `append`, so it is well formed.
    private struct Reader {
        enum Field { case number(UInt16), inline(Range<Int>) }
        enum Text { case number(UInt16), inline(ArraySlice<UInt8>) }
        struct Origin {
            var flags: UInt8
            var protocolName: Text?
            var port: Int?
            var file: Text?
            var packetNumber = 0
            var time: Date?
        }
        struct Entry {
            var field: Field
            var value: Range<Int>
            var origin: Origin?
        }

        let bytes: [UInt8]
        var position = 0

        var atEnd: Bool { position >= bytes.count }

        mutating func entry() -> Entry {
            let flags = bytes[position]
            position += 1
            let field: Field = flags & SenderEvidence.inlineField != 0 ? .inline(textRange()) : .number(number())
            let value = textRange()
            var origin: Origin?
            if flags & SenderEvidence.originFollows != 0 { origin = self.origin() }
            return Entry(field: field, value: value, origin: origin)
        }

        /// An entry's field and value, its origin skipped without being read.
        mutating func fieldAndValue() -> (Field, Range<Int>) {
            let flags = bytes[position]
            position += 1
            let field: Field = flags & SenderEvidence.inlineField != 0 ? .inline(textRange()) : .number(number())
            let value = textRange()
            if flags & SenderEvidence.originFollows != 0 { skipOrigin() }
            return (field, value)
        }

        private mutating func skipOrigin() {
            let flags = bytes[position]
            position += 1
            if flags & SenderEvidence.hasProtocol != 0 {
                if flags & SenderEvidence.inlineProtocol != 0 { _ = textRange() } else { position += 2 }
            }
            if flags & SenderEvidence.hasPort != 0 { _ = varint() }
            if flags & SenderEvidence.hasReference != 0 {
                if flags & SenderEvidence.inlineFile != 0 { _ = textRange() } else { position += 2 }
                _ = varint()
            }
            if flags & SenderEvidence.hasTime != 0 { position += 8 }
        }

        private mutating func origin() -> Origin {
            let flags = bytes[position]
            position += 1
            var origin = Origin(flags: flags)
            if flags & SenderEvidence.hasProtocol != 0 {
                origin.protocolName = flags & SenderEvidence.inlineProtocol != 0 ? .inline(bytes[textRange()]) : .number(number())
            }
            if flags & SenderEvidence.hasPort != 0 { origin.port = Int(Int64(bitPattern: varint())) }
            if flags & SenderEvidence.hasReference != 0 {
                origin.file = flags & SenderEvidence.inlineFile != 0 ? .inline(bytes[textRange()]) : .number(number())
                origin.packetNumber = Int(Int64(bitPattern: varint()))
            }
            if flags & SenderEvidence.hasTime != 0 {
                var bits: UInt64 = 0
                for index in 0..<8 { bits |= UInt64(bytes[position + index]) << (8 * index) }
                position += 8
                origin.time = Date(timeIntervalSinceReferenceDate: Double(bitPattern: bits))
            }
            return origin
        }

        private mutating func number() -> UInt16 {
            defer { position += 2 }
            return UInt16(bytes[position]) | UInt16(bytes[position + 1]) << 8
        }

        private mutating func textRange() -> Range<Int> {
            let length = Int(varint())
            defer { position += length }
            return position..<(position + length)
        }

        private mutating func varint() -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = bytes[position]
                position += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }
    }
}
