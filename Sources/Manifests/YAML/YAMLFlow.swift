/// Flow collections: `[a, b]` and `{a: 1, b: 2}`, which may span lines and nest.
extension YAMLParser {
    /// Reads the flow sequence or mapping at the cursor; its lines after the first must be
    /// indented at least `minIndent`.
    mutating func parseFlowCollection(minIndent: Int) throws(SyntaxError) -> Node {
        try enterCollection()
        let node = peek() == Byte.openBracket
            ? try parseFlowSequence(minIndent: minIndent)
            : try parseFlowMapping(minIndent: minIndent)
        depth -= 1
        return node
    }

    /// Reads `[ … ]`, whose entries are nodes or single `key: value` pairs.
    private mutating func parseFlowSequence(minIndent: Int) throws(SyntaxError) -> Node {
        let open = here
        pos += 1
        var items: [Node] = []
        while true {
            try skipFlowSpace(minIndent: minIndent, open: open, closer: "]")
            if peek() == Byte.closeBracket {
                pos += 1
                break
            }
            if peek() == Byte.comma { throw error("missing entry before ','; remove the extra comma") }
            let start = here
            switch try parseInlineNode(minIndent: minIndent, inFlow: true, keys: .whenFollowedByColon) {
            case .node(let node):
                items.append(node)
            case .key(let key, let keyLocation):
                try skipFlowSpace(minIndent: minIndent, open: open, closer: "]")
                let value = try parseFlowValue(minIndent: minIndent, closer: Byte.closeBracket)
                items.append(Node(.mapping([Node.Pair(key: key, keyLocation: keyLocation, value: value)]), at: start))
            }
            try skipFlowSpace(minIndent: minIndent, open: open, closer: "]")
            if peek() == Byte.comma {
                pos += 1
            } else if peek() == Byte.closeBracket {
                pos += 1
                break
            } else {
                throw error("expected ',' or ']' in the flow sequence opened at \(open)")
            }
        }
        return Node(.sequence(items), at: open)
    }

    /// Reads `{ … }`, whose entries are `key: value` pairs or keys alone (with a null value).
    private mutating func parseFlowMapping(minIndent: Int) throws(SyntaxError) -> Node {
        let open = here
        pos += 1
        var pairs: [Node.Pair] = []
        var keys = MappingKeys()
        while true {
            try skipFlowSpace(minIndent: minIndent, open: open, closer: "}")
            if peek() == Byte.closeBrace {
                pos += 1
                break
            }
            if peek() == Byte.comma { throw error("missing entry before ','; remove the extra comma") }
            guard case .key(let key, let keyLocation) = try parseInlineNode(minIndent: minIndent, inFlow: true, keys: .always) else {
                preconditionFailure("a flow mapping key came back as a node")
            }
            if let first = keys.firstLocation(of: key, in: pairs) {
                throw SyntaxError(MappingKeys.duplicateMessage(key, first: first), at: keyLocation)
            }
            skipWhite()
            let value: Node
            if peek() == Byte.colon {
                pos += 1
                try skipFlowSpace(minIndent: minIndent, open: open, closer: "}")
                value = try parseFlowValue(minIndent: minIndent, closer: Byte.closeBrace)
            } else {
                value = Node(.null, at: keyLocation)
            }
            pairs.append(Node.Pair(key: key, keyLocation: keyLocation, value: value))
            try skipFlowSpace(minIndent: minIndent, open: open, closer: "}")
            if peek() == Byte.comma {
                pos += 1
            } else if peek() == Byte.closeBrace {
                pos += 1
                break
            } else {
                throw error("expected ',' or '}' in the flow mapping opened at \(open)")
            }
        }
        return Node(.mapping(pairs), at: open)
    }

    /// Reads the value after a `:` in a flow collection; an absent value is null.
    private mutating func parseFlowValue(minIndent: Int, closer: UInt8) throws(SyntaxError) -> Node {
        if peek() == Byte.comma || peek() == closer { return Node(.null, at: here) }
        guard case .node(let node) = try parseInlineNode(minIndent: minIndent, inFlow: true, keys: .never) else {
            preconditionFailure("an inline node read without keys came back as a key")
        }
        return node
    }

    /// Moves past spaces, line breaks and comments inside a flow collection.
    private mutating func skipFlowSpace(minIndent: Int, open: SourceLocation, closer: String) throws(SyntaxError) {
        while true {
            switch bytes[pos] {
            case Byte.space, Byte.tab:
                pos += 1
            case Byte.newline:
                advanceLine()
                if atDocumentMarker {
                    throw SyntaxError("the flow collection opened here is not closed; add '\(closer)'", at: open)
                }
                var p = pos
                while bytes[p] == Byte.space { p += 1 }
                let c = bytes[p]
                if p - lineStart < minIndent && c != Byte.newline && c != Byte.tab && c != Byte.hash && c != 0 {
                    pos = p
                    throw error("this line continues a flow collection opened above and must start at column \(minIndent + 1) or later; indent it more than the key or entry that holds the collection")
                }
                pos = p
            case Byte.hash:
                if pos > lineStart && !Byte.isWhite(bytes[pos - 1]) {
                    throw error("a comment needs a space before '#'; add one, or quote the value if '#' belongs to it")
                }
                while bytes[pos] != Byte.newline && bytes[pos] != 0 { pos += 1 }
            case 0:
                throw SyntaxError("the flow collection opened here is not closed; add '\(closer)'", at: open)
            default:
                return
            }
        }
    }
}
