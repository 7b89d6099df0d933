/// Literal (`|`) and folded (`>`) block scalars with their chomping and indentation indicators.
extension YAMLParser {
    /// How a block scalar treats its final line break and trailing empty lines.
    private enum Chomping {
        case strip
        case clip
        case keep
    }

    /// One line of a block scalar's content, without its indentation.
    private struct ContentLine {
        var range: Range<Int>
        var isEmpty: Bool { range.isEmpty }
    }

    /// Reads the block scalar whose header is at the cursor; `n` is the indentation of the
    /// collection that holds it (-1 for a document). Leaves the cursor at the next content line.
    mutating func parseBlockScalar(parentIndent n: Int) throws(SyntaxError) -> Node {
        let location = here
        let literal = peek() == Byte.pipe
        pos += 1
        var chomping: Chomping?
        var explicitIndent: Int?
        for _ in 0..<2 {
            let b = peek()
            if (b == 0x2B || b == Byte.dash) && chomping == nil {
                chomping = b == 0x2B ? .keep : .strip
                pos += 1
            } else if b >= 0x31 && b <= 0x39 && explicitIndent == nil {
                explicitIndent = Int(b - 0x30)
                pos += 1
            }
        }
        if !Byte.isBlank(peek()) {
            throw error("invalid block scalar header; after '|' or '>' write at most one of '+'/'-' and one digit 1-9, then a space or the end of the line")
        }
        try endLine()
        guard peek() == Byte.newline else {
            return Node(.string(""), at: location)
        }
        advanceLine()

        let contentIndent: Int
        if let explicitIndent {
            contentIndent = n + explicitIndent
        } else {
            contentIndent = try detectIndent(parentIndent: n)
        }
        var lines: [ContentLine] = []
        var lastLineHasBreak = false
        while !atEnd {
            var p = pos
            while bytes[p] == Byte.space && p - lineStart < contentIndent { p += 1 }
            if p - lineStart < contentIndent || (contentIndent == 0 && atDocumentMarker) {
                // A shorter line ends the scalar unless it holds only spaces.
                while bytes[p] == Byte.space { p += 1 }
                if bytes[p] == Byte.tab && isBlankRest(from: p) {
                    pos = p
                    throw error("tab character in the indentation of a block scalar; indent with spaces only, or remove the tab from the empty line")
                }
                guard bytes[p] == Byte.newline else { break }
                lines.append(ContentLine(range: p..<p))
                pos = p
                advanceLine()
                lastLineHasBreak = true
                continue
            }
            let start = p
            while bytes[p] != Byte.newline && bytes[p] != 0 { p += 1 }
            // Indentation alone at the very end has no line break to keep: it adds nothing.
            if start == p && bytes[p] == 0 {
                pos = p
                break
            }
            lines.append(ContentLine(range: start..<p))
            pos = p
            if bytes[p] == Byte.newline {
                advanceLine()
                lastLineHasBreak = true
            } else {
                lastLineHasBreak = false
            }
        }
        // Leaves the cursor at the start of the line that ended the scalar, or at the end.
        let text = assemble(lines, literal: literal, chomping: chomping ?? .clip, lastLineHasBreak: lastLineHasBreak)
        try skipToContent()
        return Node(.string(text), at: location)
    }

    /// Whether the line holds only spaces and tabs from `index` to its end.
    private func isBlankRest(from index: Int) -> Bool {
        var p = index
        while Byte.isWhite(bytes[p]) { p += 1 }
        return bytes[p] == Byte.newline || bytes[p] == 0
    }

    /// Finds the content indentation from the first non-empty line, without moving the cursor.
    private func detectIndent(parentIndent n: Int) throws(SyntaxError) -> Int {
        var p = pos
        var lineNumber = line
        var widestEmpty = 0
        var widestLine = line
        while true {
            let start = p
            while bytes[p] == Byte.space { p += 1 }
            let width = p - start
            if bytes[p] == Byte.newline {
                if width > widestEmpty {
                    widestEmpty = width
                    widestLine = lineNumber
                }
                p += 1
                lineNumber += 1
                continue
            }
            if bytes[p] == 0 || width <= n {
                // No content line: the scalar is empty and its lines only count for chomping.
                return max(n + 1, widestEmpty)
            }
            if widestEmpty > width {
                throw SyntaxError("a leading empty line of this block scalar has more spaces than its first text line; remove them or give an explicit indentation indicator", at: SourceLocation(line: widestLine, column: 1))
            }
            return width
        }
    }

    /// Joins a block scalar's lines as a literal or folded scalar and applies chomping.
    private func assemble(_ lines: [ContentLine], literal: Bool, chomping: Chomping, lastLineHasBreak: Bool) -> String {
        var out: [UInt8] = []
        guard let last = lines.lastIndex(where: { !$0.isEmpty }) else {
            if chomping == .keep { out.append(contentsOf: repeatElement(Byte.newline, count: lines.count)) }
            return String(decoding: out, as: UTF8.self)
        }
        var previous: ContentLine?
        var emptyRun = 0
        for line in lines[...last] {
            if line.isEmpty {
                emptyRun += 1
                continue
            }
            if let previous {
                let joinsWithSpace = !literal && emptyRun == 0 && !isMoreIndented(previous) && !isMoreIndented(line)
                if joinsWithSpace {
                    out.append(Byte.space)
                } else {
                    // In a folded scalar the first break between two plain lines is folded away.
                    let folds = !literal && !isMoreIndented(previous) && !isMoreIndented(line)
                    out.append(contentsOf: repeatElement(Byte.newline, count: folds ? emptyRun : emptyRun + 1))
                }
            } else {
                out.append(contentsOf: repeatElement(Byte.newline, count: emptyRun))
            }
            out.append(contentsOf: UnsafeBufferPointer(start: bytes + line.range.lowerBound, count: line.range.count))
            previous = line
            emptyRun = 0
        }
        let hasFinalBreak = last < lines.count - 1 || lastLineHasBreak
        switch chomping {
        case .strip:
            break
        case .clip:
            if hasFinalBreak { out.append(Byte.newline) }
        case .keep:
            if hasFinalBreak { out.append(Byte.newline) }
            out.append(contentsOf: repeatElement(Byte.newline, count: lines.count - 1 - last))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a folded scalar's line starts with white space and so keeps its line breaks.
    private func isMoreIndented(_ line: ContentLine) -> Bool {
        Byte.isWhite(bytes[line.range.lowerBound])
    }
}
