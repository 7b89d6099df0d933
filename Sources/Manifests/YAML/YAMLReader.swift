/// Reads Slipway's strict subset of YAML 1.2 into `Node` trees.
///
/// Accepted: block and flow mappings and sequences, plain, single- and double-quoted scalars,
/// literal and folded block scalars, comments, several documents per text, and the `%YAML 1.2`
/// directive. Plain scalars resolve by the core schema (see `CoreSchema`). Refused, with the
/// place and what to write instead: anchors, aliases, tags, other directives, explicit (`? `)
/// and collection keys, duplicate keys, tabs in indentation, and collections nested more than
/// 200 levels deep. A merge key `<<` is an ordinary key.
public enum YAMLReader {
    /// The documents of `text`, in order; a text of only comments and blank lines has none.
    public static func documents(in text: String) throws(SyntaxError) -> [Document] {
        let input = try YAMLInput(text)
        return try input.bytes.withUnsafeBufferPointer { (buffer) throws(SyntaxError) -> [Document] in
            var parser = YAMLParser(bytes: buffer.baseAddress!, count: input.count, start: input.start)
            return try parser.parseStream()
        }
    }
}

/// The bytes of a YAML text prepared for `YAMLParser`: line breaks made `\n`, characters YAML
/// forbids refused, and zero bytes appended as an end marker.
struct YAMLInput {
    /// The text's bytes and at least four zero bytes.
    var bytes: [UInt8]
    /// The number of bytes of text.
    var count: Int
    /// Where reading starts: past a byte order mark, if any.
    var start: Int

    /// Prepares `text`, refusing what YAML 1.2 does not allow in a stream: control characters other
    /// than tab and line breaks, the non-characters U+FFFE and U+FFFF, and a byte order mark
    /// anywhere but at the start.
    init(_ text: String) throws(SyntaxError) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 4)
        bytes.append(contentsOf: text.utf8)
        var hasCarriageReturn = false
        let bad: Int? = bytes.withUnsafeBufferPointer { b in
            for i in 0..<b.count {
                let c = b[i]
                if c < 0x20 {
                    if c == 0x0D {
                        hasCarriageReturn = true
                    } else if c != 0x09 && c != 0x0A {
                        return i
                    }
                } else if c == 0x7F || (c == 0xC2 && i + 1 < b.count && b[i + 1] < 0xA0 && b[i + 1] != 0x85) {
                    return i
                } else if c == 0xEF && i + 2 < b.count
                            && ((b[i + 1] == 0xBF && b[i + 2] >= 0xBE) || (i > 0 && b[i + 1] == 0xBB && b[i + 2] == 0xBF)) {
                    // U+FFFE, U+FFFF, and U+FEFF past the first character.
                    return i
                }
            }
            return nil
        }
        if let bad {
            let what = switch bytes[bad] {
            case 0xEF where bytes[bad + 1] == 0xBB: "a byte order mark (U+FEFF) may only begin the text"
            case 0xEF: "the non-character \(Self.codePoint(bytes, at: bad)) is not allowed in YAML text"
            default: "control character \(Self.codePoint(bytes, at: bad)) is not allowed in YAML text"
            }
            throw SyntaxError("\(what); remove it, or write it as an escape in a double-quoted string", at: Self.location(of: bad, in: bytes))
        }
        if hasCarriageReturn {
            // CRLF and a lone CR are both one line break.
            var normalized: [UInt8] = []
            normalized.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                if bytes[i] == 0x0D {
                    normalized.append(0x0A)
                    if i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
                } else {
                    normalized.append(bytes[i])
                }
                i += 1
            }
            bytes = normalized
        }
        count = bytes.count
        start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        bytes.append(contentsOf: [0, 0, 0, 0])
        self.bytes = bytes
    }

    /// The character at byte `index`, as `U+XXXX`.
    private static func codePoint(_ bytes: [UInt8], at index: Int) -> String {
        let value = switch bytes[index] {
        case 0xC2: Int(bytes[index + 1])
        case 0xEF: Int(bytes[index] & 0x0F) << 12 | Int(bytes[index + 1] & 0x3F) << 6 | Int(bytes[index + 2] & 0x3F)
        default: Int(bytes[index])
        }
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    /// The line and column of byte `index`.
    static func location(of index: Int, in bytes: [UInt8]) -> SourceLocation {
        var line = 1
        var column = 1
        for i in 0..<index {
            if bytes[i] == 0x0A || (bytes[i] == 0x0D && bytes[i + 1] != 0x0A) {
                line += 1
                column = 1
            } else if bytes[i] & 0xC0 != 0x80 && bytes[i] != 0x0D {
                column += 1
            }
        }
        return SourceLocation(line: line, column: column)
    }
}
