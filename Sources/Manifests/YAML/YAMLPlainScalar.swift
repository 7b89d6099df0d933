/// Plain (unquoted) scalars, which may run over several lines and fold into one.
extension YAMLParser {
    /// Reads the rest of a plain scalar's line and returns its text's byte range, trailing spaces
    /// excluded. Leaves the cursor at what stopped it: a line break, `: `, ` #`, or in a flow
    /// collection one of `,[]{}`.
    mutating func scanPlainLine(inFlow: Bool) -> Range<Int> {
        let start = pos
        var contentEnd = pos
        while true {
            let b = bytes[pos]
            // Letters and most punctuation never end a plain scalar; test them first.
            if (b > Byte.colon && b != Byte.openBracket && b != Byte.closeBracket && b != Byte.openBrace && b != Byte.closeBrace)
                || (b >= Byte.dash && b < Byte.colon) {
                pos += 1
                contentEnd = pos
                continue
            }
            if Byte.isWhite(b) {
                pos += 1
                continue
            }
            if b == Byte.newline || b == 0 { break }
            if b == Byte.colon {
                let next = bytes[pos + 1]
                if Byte.isBlank(next) || (inFlow && Byte.isFlowIndicator(next)) { break }
            } else if b == Byte.hash {
                if Byte.isWhite(bytes[pos - 1]) { break }
            } else if inFlow && Byte.isFlowIndicator(b) {
                break
            }
            pos += 1
            contentEnd = pos
        }
        return start..<contentEnd
    }

    /// Continues a plain scalar whose first line is `first` over the lines that carry on from it,
    /// folds them as YAML does, and resolves the text by the core schema.
    mutating func finishPlain(first: Range<Int>, minIndent: Int, inFlow: Bool, at location: SourceLocation) throws(SyntaxError) -> Node {
        var folded: [UInt8] = []
        var isFolded = false
        lines: while bytes[pos] == Byte.newline {
            let saved = (pos, line, lineStart)
            var emptyLines = 0
            var contentStart: Int
            while true {
                advanceLine()
                var p = pos
                while bytes[p] == Byte.space { p += 1 }
                let lineIndent = p - lineStart
                while Byte.isWhite(bytes[p]) { p += 1 }
                let c = bytes[p]
                if c == Byte.newline {
                    pos = p
                    emptyLines += 1
                    continue
                }
                let stops = c == 0 || c == Byte.hash || lineIndent < minIndent || atDocumentMarker
                    || (inFlow && Byte.isFlowIndicator(c))
                    || (c == Byte.colon && (Byte.isBlank(bytes[p + 1]) || (inFlow && Byte.isFlowIndicator(bytes[p + 1]))))
                if stops {
                    (pos, line, lineStart) = saved
                    break lines
                }
                contentStart = p
                break
            }
            pos = contentStart
            let next = scanPlainLine(inFlow: inFlow)
            if !isFolded {
                folded.append(contentsOf: UnsafeBufferPointer(start: bytes + first.lowerBound, count: first.count))
                isFolded = true
            }
            if emptyLines == 0 {
                folded.append(Byte.space)
            } else {
                folded.append(contentsOf: repeatElement(Byte.newline, count: emptyLines))
            }
            folded.append(contentsOf: UnsafeBufferPointer(start: bytes + next.lowerBound, count: next.count))
        }
        // Folding leaves a space or line break inside, which no core-schema form allows.
        if isFolded { return Node(.string(String(decoding: folded, as: UTF8.self)), at: location) }
        let value = try CoreSchema.resolve(UnsafeBufferPointer(start: bytes + first.lowerBound, count: first.count), at: location)
        return Node(value, at: location)
    }
}
