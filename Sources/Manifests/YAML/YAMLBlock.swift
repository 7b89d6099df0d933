/// Block collections: mappings and sequences laid out by indentation.
extension YAMLParser {
    /// What introduced a block value, which decides what may start on the indicator's own line.
    enum BlockContext {
        /// After `---`: a scalar, flow collection or block scalar may share its line.
        case document
        /// After `key:`: likewise, and a sequence may sit at the key's indentation below.
        case mappingValue
        /// After `-`: a compact nested sequence or mapping may also share its line.
        case sequenceEntry
    }

    /// Reads the value after `---`, `key:` or `-`, on the indicator's line or on the lines below,
    /// and leaves the cursor at the first content byte of the next line.
    ///
    /// `n` is the indentation of the collection that holds the value (-1 for a document).
    mutating func parseBlockValue(parentIndent n: Int, context: BlockContext) throws(SyntaxError) -> Node {
        // Where an empty value is reported: right after its indicator.
        let emptyIndex = pos
        let emptyLine = line
        let emptyLineStart = lineStart
        skipWhite()
        let b = peek()
        if b != Byte.newline && b != 0 && b != Byte.hash {
            if b == Byte.pipe || b == Byte.greater { return try parseBlockScalar(parentIndent: n) }
            if context == .sequenceEntry {
                // The compact forms `- - a` and `- key: value` open a collection at this column,
                // whose indentation YAML counts in spaces: a tab before one is refused.
                let column = indent
                let tabbed = UnsafeBufferPointer(start: bytes + emptyIndex, count: pos - emptyIndex).contains(Byte.tab)
                if atSequenceEntry {
                    if tabbed { throw error(Self.tabBeforeCompactCollection) }
                    return try parseBlockSequence(indent: column)
                }
                return try parseNodeOrMapping(indent: column, parentIndent: n, refusingMapping: tabbed)
            }
            guard case .node(let node) = try parseInlineNode(minIndent: n + 1, inFlow: false, keys: .never) else {
                preconditionFailure("an inline node read without keys came back as a key")
            }
            try endLine()
            try skipToContent()
            return node
        }
        try endLine()
        try skipToContent()
        let emptyAt = SourceLocation(line: emptyLine, column: YAMLParser.column(of: emptyIndex, lineStart: emptyLineStart, in: bytes))
        if atEnd || atDocumentMarker { return Node(.null, at: emptyAt) }
        let m = indent
        if m > n { return try parseBlockNode(indent: m, parentIndent: n) }
        // YAML lets a sequence that is a mapping's value sit at the key's own indentation.
        if m == n && context == .mappingValue && atSequenceEntry { return try parseBlockSequence(indent: m) }
        return Node(.null, at: emptyAt)
    }

    /// Reads the node whose first line starts at the cursor, indented by `m`.
    mutating func parseBlockNode(indent m: Int, parentIndent n: Int) throws(SyntaxError) -> Node {
        if atSequenceEntry { return try parseBlockSequence(indent: m) }
        let b = peek()
        if b == Byte.pipe || b == Byte.greater { return try parseBlockScalar(parentIndent: n) }
        return try parseNodeOrMapping(indent: m, parentIndent: n)
    }

    static let tabBeforeCompactCollection =
        "tab character before a nested collection after '-'; YAML indents collections with spaces only"

    /// Reads a block mapping whose first key is at the cursor, or else a scalar or flow collection;
    /// with `refusingMapping`, a mapping is an error (a tab stands in its indentation).
    mutating func parseNodeOrMapping(indent m: Int, parentIndent n: Int, refusingMapping: Bool = false) throws(SyntaxError) -> Node {
        switch try parseInlineNode(minIndent: n + 1, inFlow: false, keys: .whenFollowedByColon) {
        case .key(let key, let location):
            if refusingMapping { throw SyntaxError(Self.tabBeforeCompactCollection, at: location) }
            return try parseBlockMapping(indent: m, firstKey: key, at: location)
        case .node(let node):
            try endLine()
            try skipToContent()
            return node
        }
    }

    /// Reads the entries of a block mapping at indentation `m`; the cursor is past the first key's `:`.
    mutating func parseBlockMapping(indent m: Int, firstKey: String, at firstLocation: SourceLocation) throws(SyntaxError) -> Node {
        try enterCollection()
        var pairs: [Node.Pair] = []
        var keys = MappingKeys()
        var key = firstKey
        var keyLocation = firstLocation
        while true {
            if let first = keys.firstLocation(of: key, in: pairs) {
                throw SyntaxError(MappingKeys.duplicateMessage(key, first: first), at: keyLocation)
            }
            let value = try parseBlockValue(parentIndent: m, context: .mappingValue)
            pairs.append(Node.Pair(key: key, keyLocation: keyLocation, value: value))
            if atEnd || atDocumentMarker || indent < m { break }
            if indent > m {
                throw error("this line is indented more than the mapping it belongs to (whose keys start at column \(m + 1)); align it with those keys or indent it under a key that has no value")
            }
            if atSequenceEntry {
                throw error("a sequence entry cannot follow mapping entries at the same indentation; put the sequence under a key")
            }
            switch try parseInlineNode(minIndent: m + 1, inFlow: false, keys: .whenFollowedByColon) {
            case .key(let next, let location):
                key = next
                keyLocation = location
            case .node(let node):
                throw SyntaxError("expected 'key: value' in this mapping, found \(node.kindName) without a key; add the key and ':', or fix the indentation", at: node.location)
            }
        }
        depth -= 1
        return Node(.mapping(pairs), at: firstLocation)
    }

    /// Reads the entries of a block sequence at indentation `m`; the cursor is at the first `-`.
    mutating func parseBlockSequence(indent m: Int) throws(SyntaxError) -> Node {
        try enterCollection()
        let location = here
        var items: [Node] = []
        while true {
            pos += 1
            items.append(try parseBlockValue(parentIndent: m, context: .sequenceEntry))
            if atEnd || atDocumentMarker || indent < m { break }
            if indent > m {
                throw error("this line is indented more than the sequence it belongs to (whose entries start at column \(m + 1)); align it with the '-' entries")
            }
            guard atSequenceEntry else { break }
        }
        depth -= 1
        return Node(.sequence(items), at: location)
    }
}
