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
        let text = Bytes.text(body)
        var namespaces: [String] = []
        var rest = text[...]
        while namespaces.count < maxNamespaces, let declaration = rest.range(of: "xmlns") {
            rest = rest[declaration.upperBound...]
            // `xmlns` then an optional `:prefix`, `=`, and a quoted value on the same tag.
            var cursor = rest.drop { $0 != "=" && $0 != ">" && $0 != "<" }
            guard cursor.first == "=" else { continue }
            cursor = cursor.dropFirst().drop { $0 == " " }
            guard let quote = cursor.first, quote == "\"" || quote == "'" else { continue }
            let value = cursor.dropFirst().prefix { $0 != quote && $0 != "<" && $0 != ">" }
            guard value.endIndex < cursor.endIndex, cursor[value.endIndex] == quote, !value.isEmpty, value.count <= 256 else { continue }
            if !namespaces.contains(String(value)) { namespaces.append(String(value)) }
            rest = cursor[value.endIndex...]
        }
        return (namespaces, lexicalSerial(text))
    }

    private static func lexicalSerial(_ text: String) -> String? {
        guard let open = text.range(of: "serialNumber") else { return nil }
        // The opening tag ends at the next `>`; its content ends at the next `<`.
        guard let tagEnd = text[open.upperBound...].firstIndex(of: ">") else { return nil }
        let content = text[text.index(after: tagEnd)...].prefix { $0 != "<" }
        guard content.endIndex < text.endIndex else { return nil }
        let value = Bytes.trimmed(content)
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
