/// A small, bounded, non-validating XML parser.
///
/// Device replies are hostile input, so this parser never processes a DTD: a `<!DOCTYPE …>`
/// (internal subset included) is skipped, and only the five predefined entities and numeric
/// character references are decoded. Any other `&name;` stays literal text, so no entity can
/// expand. Sizes, depth and element counts are capped, and malformed input gives an error with
/// a line number rather than a crash.
public struct XMLDocumentParser: Sendable {
    public struct Limits: Sendable {
        public var maxBytes: Int
        public var maxDepth: Int
        public var maxElements: Int
        /// Devices append junk after the root and are read anyway; a file we write must be one
        /// document, so that an element pasted after the root is an error, not silently lost.
        public var allowsElementsAfterRoot: Bool

        public init(maxBytes: Int = 4 << 20, maxDepth: Int = 64, maxElements: Int = 100_000, allowsElementsAfterRoot: Bool = false) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
            self.maxElements = maxElements
            self.allowsElementsAfterRoot = allowsElementsAfterRoot
        }

        /// For one datagram or one HTTP body from a device.
        public static let deviceReply = Limits(maxBytes: 256 << 10, maxDepth: 32, maxElements: 4_000, allowsElementsAfterRoot: true)
    }

    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Parse and return the root element. Text outside the root is ignored; elements after it
    /// are an error unless the limits allow them (device replies).
    public func parse(_ bytes: some Collection<UInt8>) throws(XMLParseError) -> XMLDocument {
        guard bytes.count <= limits.maxBytes else {
            throw XMLParseError(line: 1, message: "document is \(bytes.count) bytes, over the \(limits.maxBytes)-byte limit")
        }
        var cursor = XMLCursor(bytes: Array(bytes))
        var stack: [XMLElement] = []
        var root: XMLElement?
        var elementCount = 0
        var sawDoctype = false

        while !cursor.atEnd {
            if cursor.peek() != UInt8(ascii: "<") {
                let text = cursor.readText()
                if !stack.isEmpty { stack[stack.count - 1].text += text }
                continue
            }
            let line = cursor.line
            if cursor.hasPrefix("<!--") {
                try cursor.skip(past: "-->", what: "comment")
            } else if cursor.hasPrefix("<![CDATA[") {
                cursor.advance(9)
                let raw = try cursor.read(until: "]]>", what: "CDATA section")
                if !stack.isEmpty { stack[stack.count - 1].text += XMLCursor.string(from: raw) }
            } else if cursor.hasPrefix("<?") {
                try cursor.skip(past: "?>", what: "processing instruction")
            } else if cursor.hasPrefix("<!") {
                // DOCTYPE or other declaration: skipped whole, never interpreted.
                sawDoctype = true
                try cursor.skipDeclaration()
            } else if cursor.hasPrefix("</") {
                cursor.advance(2)
                let name = cursor.readName()
                cursor.skipWhitespace()
                guard cursor.consume(UInt8(ascii: ">")) else {
                    throw XMLParseError(line: line, message: "end tag </\(name)> is not closed")
                }
                guard let open = stack.popLast() else {
                    throw XMLParseError(line: line, message: "end tag </\(name)> without a start tag")
                }
                guard open.name == name else {
                    throw XMLParseError(line: line, message: "end tag </\(name)> does not close <\(open.name)> (line \(open.line))")
                }
                if stack.isEmpty {
                    if root == nil { root = open }
                } else {
                    stack[stack.count - 1].children.append(open)
                }
            } else {
                cursor.advance(1)
                let name = cursor.readName()
                guard !name.isEmpty else {
                    throw XMLParseError(line: line, message: "a '<' that starts no tag")
                }
                if root != nil, stack.isEmpty, !limits.allowsElementsAfterRoot {
                    throw XMLParseError(line: line, message: "<\(name)> after the end of the root element <\(root!.name)>; a file holds one root element")
                }
                elementCount += 1
                guard elementCount <= limits.maxElements else {
                    throw XMLParseError(line: line, message: "more than \(limits.maxElements) elements")
                }
                var element = XMLElement(name: name, line: line)
                let selfClosing = try cursor.readAttributes(into: &element.attributes, tag: name, line: line)
                if selfClosing {
                    if stack.isEmpty {
                        if root == nil { root = element }
                    } else {
                        stack[stack.count - 1].children.append(element)
                    }
                } else {
                    guard stack.count < limits.maxDepth else {
                        throw XMLParseError(line: line, message: "elements nested deeper than \(limits.maxDepth)")
                    }
                    stack.append(element)
                }
            }
        }
        if let open = stack.last {
            throw XMLParseError(line: cursor.line, message: "document ends inside <\(open.name)> (opened at line \(open.line))")
        }
        guard let root else {
            throw XMLParseError(line: cursor.line, message: "no root element")
        }
        return XMLDocument(root: root, hadDoctype: sawDoctype)
    }
}

public struct XMLDocument: Sendable {
    public var root: XMLElement
    /// A DOCTYPE was present (and ignored); worth noting in evidence about hostile replies.
    public var hadDoctype: Bool
}

public struct XMLParseError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public var description: String { "line \(line): \(message)" }
}
