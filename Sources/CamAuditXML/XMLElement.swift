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
        if let colon = name.lastIndex(of: ":") { return name[name.index(after: colon)...] }
        return name[...]
    }

    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// Direct children with this local name.
    public func children(named localName: String) -> [XMLElement] {
        children.filter { $0.localName == localName }
    }

    public func child(named localName: String) -> XMLElement? {
        children.first { $0.localName == localName }
    }

    /// Depth-first search for the first element with this local name, including self.
    public func first(named localName: String) -> XMLElement? {
        if self.localName == localName { return self }
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
