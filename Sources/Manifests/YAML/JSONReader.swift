/// Reads strict RFC 8259 JSON into a `Node` tree.
///
/// No comments, no trailing commas, no leading zeros, no bare control characters in strings,
/// no lone surrogates; a key may appear once per object. A number without fraction or
/// exponent that fits `Int` is `.int`; every other number is `.double`. Nesting deeper than
/// 200 levels is refused.
public enum JSONReader {
    /// The single document that `text` holds.
    public static func document(in text: String) throws(SyntaxError) -> Document {
        var bytes = Array(text.utf8)
        let count = bytes.count
        bytes.append(contentsOf: [0, 0, 0, 0])
        return try bytes.withUnsafeBufferPointer { (buffer) throws(SyntaxError) -> Document in
            var parser = JSONParser(bytes: buffer.baseAddress!, end: count)
            return try parser.parseDocument()
        }
    }
}

/// The cursor of one pass of `JSONReader` over a text's bytes, which end with zero bytes.
struct JSONParser {
    /// The text's bytes followed by zero bytes.
    let bytes: UnsafePointer<UInt8>
    /// The number of bytes of text.
    let end: Int
    /// The index of the next byte to read.
    var pos = 0
    /// The 1-based line of `pos`.
    var line = 1
    /// The index of the first byte of the current line.
    var lineStart = 0
    /// How many arrays and objects enclose the cursor.
    var depth = 0
    /// A byte of the current line whose column is known, so that finding columns along a long
    /// line does not count from its start each time.
    var columnMark = (index: 0, column: 1)

    /// Starts a pass over `end` bytes at `bytes`.
    init(bytes: UnsafePointer<UInt8>, end: Int) {
        self.bytes = bytes
        self.end = end
    }

    /// The location of the cursor.
    var here: SourceLocation {
        mutating get {
            if columnMark.index < lineStart || columnMark.index > pos { columnMark = (lineStart, 1) }
            var column = columnMark.column
            for i in columnMark.index..<pos where bytes[i] & 0xC0 != 0x80 { column += 1 }
            columnMark = (pos, column)
            return SourceLocation(line: line, column: column)
        }
    }

    /// An error at the cursor.
    func error(_ message: String) -> SyntaxError {
        SyntaxError(message, at: SourceLocation(line: line, column: YAMLParser.column(of: pos, lineStart: lineStart, in: bytes)))
    }

    /// Reads the one value of the text, with nothing but white space around it.
    mutating func parseDocument() throws(SyntaxError) -> Document {
        skipSpace()
        if pos >= end { throw error("empty JSON text; write a value such as {}") }
        let root = try parseValue()
        skipSpace()
        if pos < end { throw error("unexpected text after the JSON value; a JSON text holds exactly one value") }
        return Document(root: root, location: root.location)
    }

    /// Moves past JSON white space: spaces, tabs and line breaks.
    mutating func skipSpace() {
        while true {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0D:
                pos += 1
            case 0x0A:
                pos += 1
                line += 1
                lineStart = pos
            default:
                return
            }
        }
    }

    /// Reads the value at the cursor.
    mutating func parseValue() throws(SyntaxError) -> Node {
        let location = here
        switch bytes[pos] {
        case 0x7B: return try parseObject()
        case 0x5B: return try parseArray()
        case 0x22: return Node(.string(try parseString()), at: location)
        case 0x74: return try parseWord("true", .bool(true))
        case 0x66: return try parseWord("false", .bool(false))
        case 0x6E: return try parseWord("null", .null)
        case 0x2D, 0x30...0x39: return try parseNumber()
        case 0 where pos >= end: throw error("unexpected end of the JSON text; a value is missing")
        default: throw error("expected a JSON value (object, array, string, number, true, false or null)")
        }
    }

    /// Reads the literal `word`, whose value is `value`.
    mutating func parseWord(_ word: StaticString, _ value: Node.Value) throws(SyntaxError) -> Node {
        let location = here
        let w = word.utf8Start
        for i in 0..<word.utf8CodeUnitCount where bytes[pos + i] != w[i] {
            throw error("expected a JSON value (object, array, string, number, true, false or null)")
        }
        pos += word.utf8CodeUnitCount
        return Node(value, at: location)
    }

    /// Enters an array or object, refusing nesting deeper than the YAML reader accepts.
    mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > YAMLParser.maxDepth {
            throw error("arrays and objects are nested more than \(YAMLParser.maxDepth) levels deep; flatten the document")
        }
    }

    /// Reads `[ … ]`.
    mutating func parseArray() throws(SyntaxError) -> Node {
        let location = here
        try enter()
        pos += 1
        var items: [Node] = []
        skipSpace()
        if bytes[pos] == 0x5D {
            pos += 1
        } else {
            while true {
                skipSpace()
                items.append(try parseValue())
                skipSpace()
                if bytes[pos] == 0x2C {
                    pos += 1
                    continue
                }
                if bytes[pos] == 0x5D {
                    pos += 1
                    break
                }
                throw error("expected ',' or ']' in the array opened at \(location)")
            }
        }
        depth -= 1
        return Node(.sequence(items), at: location)
    }

    /// Reads `{ … }`, refusing a key that appears twice.
    mutating func parseObject() throws(SyntaxError) -> Node {
        let location = here
        try enter()
        pos += 1
        var pairs: [Node.Pair] = []
        var keys = MappingKeys()
        skipSpace()
        if bytes[pos] == 0x7D {
            pos += 1
        } else {
            while true {
                skipSpace()
                guard bytes[pos] == 0x22 else { throw error("expected a key in double quotes in the object opened at \(location)") }
                let keyLocation = here
                let key = try parseString()
                if let first = keys.firstLocation(of: key, in: pairs) {
                    throw SyntaxError(MappingKeys.duplicateMessage(key, first: first), at: keyLocation)
                }
                skipSpace()
                guard bytes[pos] == 0x3A else { throw error("expected ':' after the key") }
                pos += 1
                skipSpace()
                pairs.append(Node.Pair(key: key, keyLocation: keyLocation, value: try parseValue()))
                skipSpace()
                if bytes[pos] == 0x2C {
                    pos += 1
                    continue
                }
                if bytes[pos] == 0x7D {
                    pos += 1
                    break
                }
                throw error("expected ',' or '}' in the object opened at \(location)")
            }
        }
        depth -= 1
        return Node(.mapping(pairs), at: location)
    }

    /// Reads a number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    mutating func parseNumber() throws(SyntaxError) -> Node {
        let location = here
        let start = pos
        if bytes[pos] == 0x2D { pos += 1 }
        if bytes[pos] == 0x30 {
            pos += 1
            if isDigit(bytes[pos]) { throw error("numbers may not have leading zeros") }
        } else if isDigit(bytes[pos]) {
            while isDigit(bytes[pos]) { pos += 1 }
        } else {
            throw error("expected a digit in the number")
        }
        var integral = true
        if bytes[pos] == 0x2E {
            integral = false
            pos += 1
            guard isDigit(bytes[pos]) else { throw error("expected a digit after the decimal point") }
            while isDigit(bytes[pos]) { pos += 1 }
        }
        if bytes[pos] == 0x65 || bytes[pos] == 0x45 {
            integral = false
            pos += 1
            if bytes[pos] == 0x2B || bytes[pos] == 0x2D { pos += 1 }
            guard isDigit(bytes[pos]) else { throw error("expected a digit in the exponent") }
            while isDigit(bytes[pos]) { pos += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(start: bytes + start, count: pos - start), as: UTF8.self)
        if integral, let value = Int(text) { return Node(.int(value), at: location) }
        guard let value = Double(text), value.isFinite else {
            throw SyntaxError("number \(text) is out of range", at: location)
        }
        return Node(.double(value), at: location)
    }

    /// Whether `b` is an ASCII digit.
    @inline(__always) func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    /// Reads a string at the cursor (its opening quote) with all JSON escapes.
    mutating func parseString() throws(SyntaxError) -> String {
        let open = here
        pos += 1
        let start = pos
        while bytes[pos] != 0x22 && bytes[pos] != 0x5C && bytes[pos] >= 0x20 { pos += 1 }
        if bytes[pos] == 0x22 {
            let text = String(decoding: UnsafeBufferPointer(start: bytes + start, count: pos - start), as: UTF8.self)
            pos += 1
            return text
        }
        var out = Array(UnsafeBufferPointer(start: bytes + start, count: pos - start))
        while true {
            let b = bytes[pos]
            if b == 0x22 {
                pos += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b == 0 && pos >= end { throw SyntaxError("unterminated string; close it with \"", at: open) }
            if b < 0x20 { throw error("control characters must be escaped in JSON strings (write \\n, \\t or \\u00XX)") }
            if b != 0x5C {
                out.append(b)
                pos += 1
                continue
            }
            let escapeStart = pos
            pos += 2
            switch bytes[escapeStart + 1] {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x2F: out.append(0x2F)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var value = try hex4(escapeStart)
                if value >= 0xD800 && value < 0xDC00 {
                    guard bytes[pos] == 0x5C && bytes[pos + 1] == 0x75 else {
                        pos = escapeStart
                        throw error("lone high surrogate \\u\(hexText(value)); follow it with a low surrogate \\uDC00-\\uDFFF")
                    }
                    let lowStart = pos
                    pos += 2
                    let low = try hex4(lowStart)
                    guard low >= 0xDC00 && low < 0xE000 else {
                        pos = lowStart
                        throw error("expected a low surrogate \\uDC00-\\uDFFF after \\u\(hexText(value))")
                    }
                    value = 0x10000 + (value - 0xD800) << 10 + (low - 0xDC00)
                } else if value >= 0xDC00 && value < 0xE000 {
                    pos = escapeStart
                    throw error("lone low surrogate \\u\(hexText(value)); it must follow a high surrogate")
                }
                appendUTF8(value, to: &out)
            default:
                pos = escapeStart
                throw error("invalid escape in a JSON string; the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
            }
        }
    }

    /// Reads the four hexadecimal digits of a `\u` escape that starts at `escapeStart`.
    mutating func hex4(_ escapeStart: Int) throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = bytes[pos].hexDigitValue else {
                pos = escapeStart
                throw error("\\u needs four hexadecimal digits")
            }
            value = value << 4 | digit
            pos += 1
        }
        return value
    }

    /// `value` as four uppercase hexadecimal digits.
    func hexText(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
