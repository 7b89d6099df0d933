/// Single- and double-quoted scalars, with their escapes and line folding.
extension YAMLParser {
    /// Reads the quoted scalar at the cursor and returns its text; continuation lines must be
    /// indented at least `minIndent`.
    mutating func parseQuoted(minIndent: Int) throws(SyntaxError) -> String {
        let quote = peek()
        let open = here
        pos += 1
        let start = pos
        // Most quoted scalars hold no escape and no line break: take their bytes as they are.
        while true {
            let b = bytes[pos]
            if b == quote || b == Byte.newline || b == 0 || (b == Byte.backslash && quote == Byte.quote) { break }
            pos += 1
        }
        if bytes[pos] == quote && !(quote == Byte.apostrophe && bytes[pos + 1] == Byte.apostrophe) {
            let text = string(start..<pos)
            pos += 1
            return text
        }
        var out = Array(UnsafeBufferPointer(start: bytes + start, count: pos - start))
        // The end of the text before any unescaped spaces, which folding drops at a line break.
        var contentEnd = out.count
        while contentEnd > 0 && Byte.isWhite(out[contentEnd - 1]) { contentEnd -= 1 }
        while true {
            let b = bytes[pos]
            switch b {
            case 0:
                throw SyntaxError(unterminated(quote), at: open)
            case quote:
                if quote == Byte.apostrophe && bytes[pos + 1] == Byte.apostrophe {
                    out.append(Byte.apostrophe)
                    pos += 2
                    contentEnd = out.count
                    continue
                }
                pos += 1
                return String(decoding: out, as: UTF8.self)
            case Byte.backslash where quote == Byte.quote:
                if bytes[pos + 1] == Byte.newline {
                    // An escaped line break joins the lines without a space; spaces before it stay.
                    pos += 1
                    let emptyLines = try foldLineBreak(quote: quote, open: open, minIndent: minIndent)
                    out.append(contentsOf: repeatElement(Byte.newline, count: emptyLines))
                } else {
                    try appendEscape(to: &out)
                }
                contentEnd = out.count
            case Byte.space, Byte.tab:
                out.append(b)
                pos += 1
            case Byte.newline:
                out.removeLast(out.count - contentEnd)
                let emptyLines = try foldLineBreak(quote: quote, open: open, minIndent: minIndent)
                if emptyLines == 0 {
                    out.append(Byte.space)
                } else {
                    out.append(contentsOf: repeatElement(Byte.newline, count: emptyLines))
                }
                contentEnd = out.count
            default:
                out.append(b)
                pos += 1
                contentEnd = out.count
            }
        }
    }

    /// The message for a quoted scalar that never closes.
    private func unterminated(_ quote: UInt8) -> String {
        let mark = quote == Byte.quote ? "\"" : "'"
        return "unterminated quoted string; close it with \(mark)"
    }

    /// Moves from the line break at the cursor to the first content of the next non-empty line
    /// and returns how many empty lines it crossed.
    private mutating func foldLineBreak(quote: UInt8, open: SourceLocation, minIndent: Int) throws(SyntaxError) -> Int {
        var emptyLines = 0
        while true {
            advanceLine()
            if atDocumentMarker { throw SyntaxError(unterminated(quote), at: open) }
            var p = pos
            while bytes[p] == Byte.space { p += 1 }
            let lineIndent = p - lineStart
            while Byte.isWhite(bytes[p]) { p += 1 }
            switch bytes[p] {
            case Byte.newline:
                pos = p
                emptyLines += 1
            case 0:
                throw SyntaxError(unterminated(quote), at: open)
            default:
                if lineIndent < minIndent {
                    pos = p
                    throw error("this line continues a quoted string and must start at column \(minIndent + 1) or later; indent it more than the key or entry that holds the string")
                }
                pos = p
                return emptyLines
            }
        }
    }

    /// Reads the escape sequence at the cursor (a backslash) and appends what it stands for.
    private mutating func appendEscape(to out: inout [UInt8]) throws(SyntaxError) {
        let escapeStart = pos
        let code = bytes[pos + 1]
        pos += 2
        switch code {
        case 0x30: out.append(0x00) // 0
        case 0x61: out.append(0x07) // a
        case 0x62: out.append(0x08) // b
        case 0x74, Byte.tab: out.append(0x09) // t
        case 0x6E: out.append(0x0A) // n
        case 0x76: out.append(0x0B) // v
        case 0x66: out.append(0x0C) // f
        case 0x72: out.append(0x0D) // r
        case 0x65: out.append(0x1B) // e
        case Byte.space, Byte.quote, 0x2F, Byte.backslash: out.append(code)
        case 0x4E: appendUTF8(0x85, to: &out) // N: next line
        case 0x5F: appendUTF8(0xA0, to: &out) // _: no-break space
        case 0x4C: appendUTF8(0x2028, to: &out) // L: line separator
        case 0x50: appendUTF8(0x2029, to: &out) // P: paragraph separator
        case 0x78: try appendHexEscape(digits: 2, from: escapeStart, to: &out) // x
        case 0x75: try appendHexEscape(digits: 4, from: escapeStart, to: &out) // u
        case 0x55: try appendHexEscape(digits: 8, from: escapeStart, to: &out) // U
        default:
            pos = escapeStart
            let shown = code == 0 || code == Byte.newline ? "" : String(decoding: [code], as: UTF8.self)
            throw error("invalid escape '\\\(shown)' in a double-quoted string; write '\\\\' for a backslash, or use single quotes")
        }
    }

    /// Reads `digits` hexadecimal digits after `\x`, `\u` or `\U` and appends the character.
    private mutating func appendHexEscape(digits: Int, from escapeStart: Int, to out: inout [UInt8]) throws(SyntaxError) {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let digit = bytes[pos].hexDigitValue else {
                pos = escapeStart
                throw error("escape needs \(digits) hexadecimal digits after '\\\(String(decoding: [bytes[escapeStart + 1]], as: UTF8.self))'")
            }
            value = value << 4 | digit
            pos += 1
        }
        guard value < 0xD800 || (value > 0xDFFF && value <= 0x10FFFF) else {
            pos = escapeStart
            throw error("escape names no Unicode character (surrogates and values above 10FFFF are not characters); write characters beyond U+FFFF as \\UXXXXXXXX")
        }
        appendUTF8(value, to: &out)
    }
}

/// Appends the UTF-8 encoding of the Unicode scalar `value`.
func appendUTF8(_ value: UInt32, to out: inout [UInt8]) {
    switch value {
    case 0..<0x80:
        out.append(UInt8(value))
    case 0x80..<0x800:
        out.append(UInt8(0xC0 | value >> 6))
        out.append(UInt8(0x80 | value & 0x3F))
    case 0x800..<0x10000:
        out.append(UInt8(0xE0 | value >> 12))
        out.append(UInt8(0x80 | value >> 6 & 0x3F))
        out.append(UInt8(0x80 | value & 0x3F))
    default:
        out.append(UInt8(0xF0 | value >> 18))
        out.append(UInt8(0x80 | value >> 12 & 0x3F))
        out.append(UInt8(0x80 | value >> 6 & 0x3F))
        out.append(UInt8(0x80 | value & 0x3F))
    }
}
