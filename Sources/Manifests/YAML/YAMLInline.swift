/// Nodes that start and may end on one line: scalars and flow collections, and implicit keys.
extension YAMLParser {
    /// Whether a scalar read inline may be a mapping key.
    enum KeyMode {
        /// The node is a value; a `:` after it is left for the caller to refuse.
        case never
        /// A single-line scalar followed by `:` is a key; the `:` is consumed.
        case whenFollowedByColon
        /// The node is in a key position of a flow mapping: any single-line scalar is the key and
        /// the caller looks for the `:`.
        case always
    }

    /// What an inline read produced.
    enum Inline {
        /// A scalar that is a mapping key: its text and where it starts.
        case key(String, SourceLocation)
        /// A value.
        case node(Node)
    }

    /// Reads a scalar or flow collection at the cursor, or a key when `keys` allows one.
    ///
    /// Lines that continue the node must be indented at least `minIndent`.
    mutating func parseInlineNode(minIndent: Int, inFlow: Bool, keys: KeyMode) throws(SyntaxError) -> Inline {
        let start = here
        let startLine = line
        let b = peek()
        if b == Byte.quote || b == Byte.apostrophe {
            let text = try parseQuoted(minIndent: minIndent)
            guard keys != .never else { return .node(Node(.string(text), at: start)) }
            let after = pos
            skipWhite()
            let isKey = keys == .always
                || (peek() == Byte.colon && (inFlow || Byte.isBlank(peek(1))))
            guard isKey else {
                pos = after
                return .node(Node(.string(text), at: start))
            }
            guard line == startLine else {
                throw SyntaxError("a key must fit on one line; shorten it or join its lines", at: start)
            }
            if keys == .whenFollowedByColon { pos += 1 }
            return .key(text, start)
        }
        if b == Byte.openBracket || b == Byte.openBrace {
            let node = try parseFlowCollection(minIndent: minIndent)
            let after = pos
            skipWhite()
            if keys == .always || (keys == .whenFollowedByColon && peek() == Byte.colon && (inFlow || Byte.isBlank(peek(1)))) {
                throw SyntaxError("a flow collection cannot be a mapping key; use a plain or quoted scalar as the key", at: start)
            }
            pos = after
            return .node(node)
        }
        try checkPlainStart(inFlow: inFlow)
        let first = scanPlainLine(inFlow: inFlow)
        switch keys {
        case .always:
            return .key(string(first), start)
        case .whenFollowedByColon where peek() == Byte.colon:
            pos += 1
            return .key(string(first), start)
        default:
            return .node(try finishPlain(first: first, minIndent: minIndent, inFlow: inFlow, at: start))
        }
    }

    /// Refuses the indicators that cannot start a plain scalar, each with what to write instead.
    func checkPlainStart(inFlow: Bool) throws(SyntaxError) {
        let b = peek()
        switch b {
        case 0x26: // &
            throw error("anchors ('&name') are not supported; write the content out in full")
        case 0x2A: // *
            throw error("aliases ('*name') are not supported; write the content out in full instead of referring to an anchor")
        case 0x21: // !
            throw error("tags ('!name', '!!type') are not supported; remove the tag, and quote the value if it must be a string")
        case Byte.pipe, Byte.greater:
            throw error(inFlow
                ? "a block scalar ('|' or '>') cannot appear inside a flow collection; use a quoted string"
                : "a block scalar ('|' or '>') cannot be a key; use a plain or quoted key")
        case 0x25, 0x40, 0x60: // % @ `
            throw error("'\(Character(Unicode.Scalar(b)))' cannot start a plain scalar; quote the value")
        case Byte.hash, Byte.comma, Byte.openBracket, Byte.closeBracket, Byte.openBrace, Byte.closeBrace:
            throw error("unexpected '\(Character(Unicode.Scalar(b)))'; quote the value if it is text")
        case Byte.question, Byte.dash, Byte.colon:
            let next = peek(1)
            guard Byte.isBlank(next) || (inFlow && Byte.isFlowIndicator(next)) else { return }
            if b == Byte.question {
                throw error("explicit keys ('? ') are not supported; write 'key: value' with a plain or quoted key")
            }
            if b == Byte.colon {
                throw error("missing key before ':'; add a key, or quote the value if it starts with ':'")
            }
            throw error(inFlow
                ? "a block sequence entry ('- ') cannot appear inside a flow collection; separate entries with ','"
                : "a block sequence cannot start on this line; start it on the next line, indented")
        default:
            return
        }
    }
}
