/// One element of a parsed document: enough structure for signature files and device replies.
public struct XMLElement: Sendable, Equatable {
    /// The qualified name as written (`tds:Model`).
    public var name: String
    public var attributes: [XMLAttribute]
    public var children: [XMLElement]
    /// Character data directly inside this element (not in children), entity references decoded.
    public var text: String
    /// 1-based line of the start tag, for diagnostics.
    public var line: Int

    public init(name: String, attributes: [XMLAttribute] = [], children: [XMLElement] = [], text: String = "", line: Int = 0) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
        self.line = line
    }

    /// The name without its namespace prefix: device stacks disagree on prefixes, never on local names.
    public var localName: Substring {
        // By bytes: a Character search runs grapheme breaking over every name of every reply.
        let utf8 = name.utf8
        if let colon = utf8.lastIndex(of: UInt8(ascii: ":")) { return name[utf8.index(after: colon)...] }
        return name[...]
    }

    /// Whether the local name is `wanted`, compared as code points (XML names are), without
    /// slicing the name: child lookups of device replies do this for every child.
    public func hasLocalName(_ wanted: String) -> Bool {
        let utf8 = name.utf8
        let suffix = utf8.suffix(wanted.utf8.count)
        // A local name holds no colon, so a prefixed `wanted` never is one.
        guard suffix.elementsEqual(wanted.utf8), !wanted.utf8.contains(UInt8(ascii: ":")) else { return false }
        return suffix.startIndex == utf8.startIndex || utf8[utf8.index(before: suffix.startIndex)] == UInt8(ascii: ":")
    }

    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// Direct children with this local name.
    public func children(named localName: String) -> [XMLElement] {
        children.filter { $0.hasLocalName(localName) }
    }

    public func child(named localName: String) -> XMLElement? {
        children.first { $0.hasLocalName(localName) }
    }

    /// Depth-first search for the first element with this local name, including self.
    public func first(named localName: String) -> XMLElement? {
        if hasLocalName(localName) { return self }
        for child in children {
            if let found = child.first(named: localName) { return found }
        }
        return nil
    }

    /// Every descendant leaf (element without children) in document order, with its local name.
    public func leaves() -> [(name: Substring, text: String)] {
        var out: [(Substring, String)] = []
        func walk(_ element: XMLElement) {
            if element.children.isEmpty {
                out.append((element.localName, element.text))
            } else {
                for child in element.children { walk(child) }
            }
        }
        walk(self)
        return out
    }

    /// Namespace declarations on this element (`xmlns:prefix` = URI), a vendor tell in SOAP replies.
    public var namespaceDeclarations: [XMLAttribute] {
        attributes.filter { $0.name == "xmlns" || $0.name.hasPrefix("xmlns:") }
    }
}

public struct XMLAttribute: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
