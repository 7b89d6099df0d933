/// A forward-only walk over UTF-8 JSON bytes that checks them as Foundation's `JSONSerialization`
/// does and lets its caller look at chosen keys and nulls without building any value.
///
/// It accepts what Foundation's grammar accepts, quirks included: a trailing comma before `]` or `}`,
/// a byte order mark at the start of the document and at the start of each run of a string between
/// escapes (Foundation drops those from the decoded text), at most 512 levels of nesting. Foundation
/// also refuses a number that overflows a `Double`, but only once duplicate keys have dropped
/// values, so the reader leaves that to its caller and only notes that such a number may be there.
struct JSONByteReader {
    /// The bytes are not a document Foundation would read.
    struct Malformed: Error {}

    private static let maxDepth = 512
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    /// Whether a number of magnitude 10^307 or more was read, which Foundation may refuse.
    private(set) var sawHugeNumber = false

    /// Starts reading `bytes`, past a UTF-8 byte order mark when the document has one.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // Foundation looks for the mark only in documents of four bytes or more.
        if bytes.count >= 4, hasByteOrderMark(at: 0) { index = 3 }
    }

    /// The next byte after whitespace, not consumed.
    mutating func peek() throws(Malformed) -> UInt8 {
        while index < bytes.count {
            switch bytes[index] {
            case .space, .tab, .lineFeed, .carriageReturn: index += 1
            default: return bytes[index]
            }
        }
        throw Malformed()
    }

    /// Whether the next value is an object; nothing is consumed.
    mutating func atObject() throws(Malformed) -> Bool {
        try peek() == .openBrace
    }

    /// Whether the next value is an array; nothing is consumed.
    mutating func atArray() throws(Malformed) -> Bool {
        try peek() == .openBracket
    }

    /// Consumes the `{` or `[` the caller saw with `atObject` or `atArray`; returns whether a
    /// member or element follows (false for an empty container, whose end is consumed too).
    mutating func open() throws(Malformed) -> Bool {
        guard depth < Self.maxDepth else { throw Malformed() }
        let close: UInt8 = bytes[index] == .openBrace ? .closeBrace : .closeBracket
        depth += 1
        index += 1
        return try !closes(close)
    }

    /// After a member of an object: consumes `,` or `}`; returns whether another member follows.
    mutating func nextMember() throws(Malformed) -> Bool {
        try next(.closeBrace)
    }

    /// After an element of an array: consumes `,` or `]`; returns whether another element follows.
    mutating func nextElement() throws(Malformed) -> Bool {
        try next(.closeBracket)
    }

    /// Reads a member's key and its colon; returns whether the key, decoded, is `name` (ASCII).
    mutating func key(is name: StaticString) throws(Malformed) -> Bool {
        try key(comparedWith: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    /// Reads the next value; returns whether it is `null`.
    mutating func valueIsNull() throws(Malformed) -> Bool {
        if try peek() == UInt8(ascii: "n") {
            try literal("null")
            return true
        }
        try skipValue()
        return false
    }

    /// Reads the next value, whatever it is, checking it whole.
    mutating func skipValue() throws(Malformed) {
        switch try peek() {
        case .quote:
            _ = try string(comparedWith: nil)
        case .openBrace:
            guard try open() else { return }
            repeat {
                _ = try key(comparedWith: nil)
                try skipValue()
            } while try nextMember()
        case .openBracket:
            guard try open() else { return }
            repeat { try skipValue() } while try nextElement()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw Malformed()
        }
    }

    /// Checks that only whitespace follows the document's value.
    mutating func end() throws(Malformed) {
        while index < bytes.count {
            switch bytes[index] {
            case .space, .tab, .lineFeed, .carriageReturn: index += 1
            default: throw Malformed()
            }
        }
    }

    private mutating func key(comparedWith name: UnsafeBufferPointer<UInt8>?) throws(Malformed) -> Bool {
        guard try peek() == .quote else { throw Malformed() }
        let matches = try string(comparedWith: name)
        guard try peek() == .colon else { throw Malformed() }
        index += 1
        return matches
    }

    private mutating func next(_ close: UInt8) throws(Malformed) -> Bool {
        let byte = try peek()
        if byte == close {
            index += 1
            depth -= 1
            return false
        }
        guard byte == .comma else { throw Malformed() }
        index += 1
        return try !closes(close)
    }

    /// Consumes `close` if it is next, leaving the container.
    private mutating func closes(_ close: UInt8) throws(Malformed) -> Bool {
        guard try peek() == close else { return false }
        index += 1
        depth -= 1
        return true
    }

    private mutating func literal(_ word: StaticString) throws(Malformed) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw Malformed() }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw Malformed() }
        index += count
    }

    /// Reads a string from its opening quote; returns whether its decoded text equals `target`.
    private mutating func string(comparedWith target: UnsafeBufferPointer<UInt8>?) throws(Malformed) -> Bool {
        index += 1
        var matched: Int? = target == nil ? nil : 0
        var runStart = true
        while index < bytes.count {
            if runStart {
                runStart = false
                if hasByteOrderMark(at: index) {
                    index += 3
                    continue
                }
            }
            let byte = bytes[index]
            switch byte {
            case .quote:
                index += 1
                return matched == target?.count
            case 0..<0x20:
                throw Malformed()
            case .backslash:
                let scalar = try escape()
                compare(scalar, target, &matched)
                runStart = true
            case 0x80...:
                try multibyteSequence()
                matched = nil
            default:
                compare(UInt32(byte), target, &matched)
                index += 1
            }
        }
        throw Malformed()
    }

    private func compare(_ scalar: UInt32, _ target: UnsafeBufferPointer<UInt8>?, _ matched: inout Int?) {
        guard let target, let count = matched else { return }
        matched = count < target.count && UInt32(target[count]) == scalar ? count + 1 : nil
    }

    /// Reads an escape from its backslash and returns the scalar it stands for.
    private mutating func escape() throws(Malformed) -> UInt32 {
        guard bytes.count - index >= 2 else { throw Malformed() }
        let letter = bytes[index + 1]
        index += 2
        switch letter {
        case .quote, .backslash, UInt8(ascii: "/"): return UInt32(letter)
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "u"): break
        default: throw Malformed()
        }
        let unit = try hexUnit()
        switch unit {
        case 0xD800...0xDBFF:
            guard bytes.count - index >= 2, bytes[index] == .backslash, bytes[index + 1] == UInt8(ascii: "u") else {
                throw Malformed()
            }
            index += 2
            let low = try hexUnit()
            guard (0xDC00...0xDFFF).contains(low) else { throw Malformed() }
            return 0x10000 + (unit - 0xD800) << 10 + (low - 0xDC00)
        case 0xDC00...0xDFFF:
            throw Malformed()
        default:
            return unit
        }
    }

    private mutating func hexUnit() throws(Malformed) -> UInt32 {
        guard bytes.count - index >= 4 else { throw Malformed() }
        var unit: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8 = switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: throw Malformed()
            }
            unit = unit << 4 | UInt32(digit)
            index += 1
        }
        return unit
    }

    /// Checks one well-formed UTF-8 sequence of two to four bytes (Unicode table 3-7) and moves past it.
    private mutating func multibyteSequence() throws(Malformed) {
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw Malformed()
        }
        guard bytes.count - index >= length, secondRange.contains(bytes[index + 1]) else { throw Malformed() }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) { throw Malformed() }
        index += length
    }

    /// Reads a number as Foundation's grammar has it, noting one that may overflow a `Double`.
    private mutating func number() throws(Malformed) {
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        var significant = false
        let integerDigits = digits(&significant)
        guard integerDigits == 1 || (integerDigits > 1 && bytes[integerStart] != UInt8(ascii: "0")) else { throw Malformed() }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&significant) > 0 else { throw Malformed() }
        }
        var exponent = 0
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var negative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                negative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let exponentStart = index
            var ignored = false
            guard digits(&ignored) > 0 else { throw Malformed() }
            for position in exponentStart..<index {
                exponent = min(exponent * 10 + Int(bytes[position] - UInt8(ascii: "0")), 1_000_000)
            }
            if negative { exponent = -exponent }
        }
        if index < bytes.count {
            switch bytes[index] {
            case .space, .tab, .lineFeed, .carriageReturn, .comma, .closeBracket, .closeBrace: break
            default: throw Malformed()
            }
        }
        if significant, integerDigits + exponent >= 308 { sawHugeNumber = true }
    }

    /// Consumes decimal digits and returns how many; sets `significant` when one is not zero.
    private mutating func digits(_ significant: inout Bool) -> Int {
        let start = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            if bytes[index] != UInt8(ascii: "0") { significant = true }
            index += 1
        }
        return index - start
    }

    private func hasByteOrderMark(at position: Int) -> Bool {
        bytes.count - position >= 3 && bytes[position] == 0xEF && bytes[position + 1] == 0xBB && bytes[position + 2] == 0xBF
    }
}

private extension UInt8 {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
}
