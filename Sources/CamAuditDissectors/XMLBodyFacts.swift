import Foundation
import CamAuditModel
import CamAuditXML

/// What an XML body says about its maker beyond the root element: namespaces declared anywhere
/// (Hikvision's PSIA event alerts put their own extension namespace on nested elements) and the
/// serial number documents other than DeviceInfo carry (`EventNotificationAlert` extensions).
/// Bodies in the field are often cut short (a capture that starts mid-stream, a snap length, a
/// paste that stops at a screen's end); those are read lexically for the same two facts.
enum XMLBodyFacts {
    /// Distinct namespaces kept per body: a reply declares a handful; more is noise or an attack.
    static let maxNamespaces = 16
    static let maxSerialBytes = 96

    /// Namespace URIs declared on any element, in document order, without repeats.
    static func namespaces(in root: XMLElement) -> [String] {
        var found: [String] = []
        var stack = [root]
        while let element = stack.popLast(), found.count < maxNamespaces {
            for declaration in element.namespaceDeclarations where !found.contains(declaration.value) {
                found.append(declaration.value)
            }
            stack.append(contentsOf: element.children.reversed())
        }
        return found
    }

    /// The first `serialNumber` element's text anywhere in the document.
    static func serial(in root: XMLElement) -> String? {
        guard let text = root.first(named: "serialNumber").map({ Bytes.trimmed($0.text) }),
              !text.isEmpty, text.utf8.count <= maxSerialBytes else { return nil }
        return text
    }

    /// The same facts from a body that is not a whole document: every `xmlns="…"` or
    /// `xmlns:p="…"` declaration and the first `<serialNumber>` (any prefix) closed before the cut.
    static func lexical(_ body: [UInt8]) -> (namespaces: [String], serial: String?) {
        // Read as bytes, as XML reads code points: every delimiter here is ASCII, and a
        // Character search (Foundation's `range(of:)`) cost more than parsing a whole document.
        // Pieces are decoded as the whole body would be (`Bytes.text`).
        let isUTF8 = DeviceText.isUTF8(body)
        func text(_ bytes: ArraySlice<UInt8>) -> String { isUTF8 ? String(decoding: bytes, as: UTF8.self) : DeviceText.latin1(bytes) }
        var namespaces: [String] = []
        var rest = body[...]
        while namespaces.count < maxNamespaces, let declaration = Bytes.firstRange(of: xmlns, in: rest) {
            rest = body[declaration.upperBound...]
            // `xmlns` then an optional `:prefix`, `=`, and a quoted value on the same tag.
            guard let equals = rest.firstIndex(where: { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "<") }),
                  body[equals] == UInt8(ascii: "=") else { continue }
            guard let quoteIndex = body[(equals + 1)...].firstIndex(where: { $0 != UInt8(ascii: " ") }) else { continue }
            let quote = body[quoteIndex]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { continue }
            let valueStart = quoteIndex + 1
            guard let valueEnd = body[valueStart...].firstIndex(where: { $0 == quote || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }),
                  body[valueEnd] == quote, valueEnd > valueStart else { continue }
            let value = text(body[valueStart..<valueEnd])
            guard valueEnd - valueStart <= 256 || value.count <= 256 else { continue }
            if !namespaces.contains(value) { namespaces.append(value) }
            rest = body[valueEnd...]
        }
        return (namespaces, lexicalSerial(body, text: text))
    }

    private static let xmlns = Array("xmlns".utf8)
    private static let serialNumber = Array("serialNumber".utf8)

    private static func lexicalSerial(_ body: [UInt8], text: (ArraySlice<UInt8>) -> String) -> String? {
        guard let open = Bytes.firstRange(of: serialNumber, in: body[...]) else { return nil }
        // The opening tag ends at the next `>`; its content ends at the next `<`.
        guard let tagEnd = body[open.upperBound...].firstIndex(of: UInt8(ascii: ">")),
              let contentEnd = body[(tagEnd + 1)...].firstIndex(of: UInt8(ascii: "<")) else { return nil }
        let value = Bytes.trimmed(text(body[(tagEnd + 1)..<contentEnd]))
        guard !value.isEmpty, value.utf8.count <= maxSerialBytes, !value.contains(">") else { return nil }
        return value
    }

    /// The text of the first element whose local name is `name` (any prefix) and whose text
    /// ends before the cut, read lexically from a body that is not a whole document.
    static func lexicalText(of name: String, in body: [UInt8], maximumBytes: Int = 256) -> String? {
        let name = Array(name.utf8)
        var index = 0
        while index < body.count {
            guard body[index] == UInt8(ascii: "<") else { index += 1; continue }
            var end = index + 1
            while end < body.count, !isTagNameEnd(body[end]) { end += 1 }
            let tag = body[(index + 1)..<end]
            let local = tag.lastIndex(of: UInt8(ascii: ":")).map { tag[($0 + 1)...] } ?? tag
            index = end
            guard local.elementsEqual(name), let close = body[end...].firstIndex(of: UInt8(ascii: ">")),
                  body[close - 1] != UInt8(ascii: "/") else { continue }
            guard let contentEnd = body[(close + 1)...].firstIndex(of: UInt8(ascii: "<")) else { return nil }
            let value = Bytes.trimmed(Bytes.text(body[(close + 1)..<contentEnd]))
            return value.isEmpty || value.utf8.count > maximumBytes ? nil : value
        }
        return nil
    }

    /// `(element, field)` pairs read lexically from a cut body: one observation per element
    /// closed before the cut.
    static func lexicalFields(_ fields: [(String, String)], in body: [UInt8], source: EvidenceSource) -> [Observation] {
        fields.compactMap { name, field in
            lexicalText(of: name, in: body).map { Observation(field: field, value: $0, source: source) }
        }
    }

    /// True when the body has an element (any prefix) with this local name, closed or not.
    static func lexicallyOpens(_ name: String, in body: [UInt8]) -> Bool {
        let name = Array(name.utf8)
        var index = 0
        while let open = body[index...].firstIndex(of: UInt8(ascii: "<")) {
            var end = open + 1
            while end < body.count, !isTagNameEnd(body[end]) { end += 1 }
            let tag = body[(open + 1)..<end]
            if (tag.lastIndex(of: UInt8(ascii: ":")).map { tag[($0 + 1)...] } ?? tag).elementsEqual(name) { return true }
            index = end
            if index >= body.count { return false }
        }
        return false
    }

    private static func isTagNameEnd(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "<") || byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
