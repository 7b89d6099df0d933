/// The cursor of one pass of the YAML reader over the UTF-8 bytes of a text.
///
/// The buffer ends with a few zero bytes past `end`. The reader refuses NUL in the text, so a
/// zero byte always means the end, and looking a few bytes ahead never needs a bounds check.
struct YAMLParser {
    /// The text's bytes, followed by at least four zero bytes.
    let bytes: UnsafePointer<UInt8>
    /// The number of bytes of text.
    let end: Int
    /// The index of the next byte to read.
    var pos: Int
    /// The 1-based line of `pos`.
    var line = 1
    /// The index of the first byte of the current line.
    var lineStart: Int
    /// How many collections enclose the cursor, to bound recursion.
    var depth = 0
    /// A byte of the current line whose column is known, so that finding columns along a long
    /// line does not count from its start each time.
    var columnMark = (index: 0, column: 1)

    /// The deepest nesting of collections the reader accepts; manifests need far less, and the
    /// bound keeps a hostile file from exhausting the stack.
    static let maxDepth = 200

    /// Starts a pass at `start` (past a byte order mark, when there is one).
    init(bytes: UnsafePointer<UInt8>, count: Int, start: Int) {
        self.bytes = bytes
        self.end = count
        self.pos = start
        self.lineStart = start
    }
}

/// ASCII bytes the reader compares against.
enum Byte {
    static let tab: UInt8 = 0x09
    static let newline: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let hash: UInt8 = 0x23
    static let apostrophe: UInt8 = 0x27
    static let comma: UInt8 = 0x2C
    static let dash: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let colon: UInt8 = 0x3A
    static let question: UInt8 = 0x3F
    static let openBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D
    static let pipe: UInt8 = 0x7C
    static let greater: UInt8 = 0x3E

    /// Whether `b` is a space or a tab.
    @inline(__always) static func isWhite(_ b: UInt8) -> Bool { b == space || b == tab }

    /// Whether `b` is a space, a tab, a line break or the end of the text.
    @inline(__always) static func isBlank(_ b: UInt8) -> Bool {
        b == space || b == tab || b == newline || b == 0
    }

    /// Whether `b` is one of `,[]{}`, which end plain scalars inside flow collections.
    @inline(__always) static func isFlowIndicator(_ b: UInt8) -> Bool {
        b == comma || b == openBracket || b == closeBracket || b == openBrace || b == closeBrace
    }
}

extension YAMLParser {
    /// The byte `offset` places after the cursor.
    @inline(__always) func peek(_ offset: Int = 0) -> UInt8 { bytes[pos + offset] }

    /// Whether the cursor has reached the end of the text.
    var atEnd: Bool { pos >= end }

    /// The indentation of the current line, when the cursor is at its first content byte.
    var indent: Int { pos - lineStart }

    /// The location of byte `index`, which must lie on the current line.
    mutating func location(of index: Int) -> SourceLocation {
        if columnMark.index < lineStart || columnMark.index > index { columnMark = (lineStart, 1) }
        var column = columnMark.column
        var i = columnMark.index
        while i < index {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        columnMark = (index, column)
        return SourceLocation(line: line, column: column)
    }

    /// The location of the cursor.
    var here: SourceLocation {
        mutating get { location(of: pos) }
    }

    /// An error at the cursor.
    func error(_ message: String) -> SyntaxError {
        SyntaxError(message, at: SourceLocation(line: line, column: Self.column(of: pos, lineStart: lineStart, in: bytes)))
    }

    /// The text of bytes `range` as a string.
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(start: bytes + range.lowerBound, count: range.count), as: UTF8.self)
    }

    /// Moves past the line break at the cursor.
    @inline(__always) mutating func advanceLine() {
        pos += 1
        line += 1
        lineStart = pos
    }

    /// Moves past spaces and tabs on the current line.
    @inline(__always) mutating func skipWhite() {
        while Byte.isWhite(bytes[pos]) { pos += 1 }
    }

    /// Whether the cursor is at a `---` or `...` line marker that starts or ends a document.
    var atDocumentMarker: Bool {
        guard pos == lineStart else { return false }
        let b = bytes[pos]
        guard b == Byte.dash || b == Byte.dot, bytes[pos + 1] == b, bytes[pos + 2] == b else { return false }
        return Byte.isBlank(bytes[pos + 3])
    }

    /// Whether the cursor is at a `- ` block sequence entry indicator.
    var atSequenceEntry: Bool { bytes[pos] == Byte.dash && Byte.isBlank(bytes[pos + 1]) }

    /// Moves past the rest of the current line, which may only hold spaces and a comment.
    mutating func endLine() throws(SyntaxError) {
        let start = pos
        skipWhite()
        switch bytes[pos] {
        case Byte.newline, 0:
            return
        case Byte.hash:
            if pos == start && pos > lineStart && !Byte.isWhite(bytes[pos - 1]) {
                throw error("a comment needs a space before '#'; add one, or quote the value if '#' belongs to it")
            }
            while bytes[pos] != Byte.newline && bytes[pos] != 0 { pos += 1 }
        case Byte.colon:
            throw error("unexpected ':' after a value; start a nested mapping on its own line, indented, or quote the value if it contains ': '")
        default:
            throw error("unexpected text after the value; put it on its own line or quote the whole value")
        }
    }

    /// Moves to the first content byte of the next line that holds more than spaces and a comment,
    /// or to the end. The cursor must be at a line break or at the start of a line.
    mutating func skipToContent() throws(SyntaxError) {
        if bytes[pos] == Byte.newline { advanceLine() }
        while true {
            var p = pos
            while bytes[p] == Byte.space { p += 1 }
            var q = p
            while Byte.isWhite(bytes[q]) { q += 1 }
            switch bytes[q] {
            case Byte.newline:
                pos = q
                advanceLine()
            case Byte.hash:
                while bytes[q] != Byte.newline && bytes[q] != 0 { q += 1 }
                pos = q
                if bytes[q] == 0 { return }
                advanceLine()
            case 0:
                pos = q
                return
            default:
                if q != p {
                    pos = p
                    throw error("tab character in indentation; indent YAML with spaces only")
                }
                pos = p
                return
            }
        }
    }

    /// Enters one more level of collection nesting, refusing to go deeper than `maxDepth`.
    mutating func enterCollection() throws(SyntaxError) {
        depth += 1
        if depth > Self.maxDepth {
            throw error("collections are nested more than \(Self.maxDepth) levels deep; flatten the document")
        }
    }
}

extension YAMLParser {
    /// The column of byte `index` on the line that starts at `lineStart`.
    static func column(of index: Int, lineStart: Int, in bytes: UnsafePointer<UInt8>) -> Int {
        var column = 1
        for i in lineStart..<index where bytes[i] & 0xC0 != 0x80 { column += 1 }
        return column
    }
}
