/// Resolution of plain scalars by the YAML 1.2 core schema.
///
/// Null: `~`, `null`, `Null`, `NULL` and the empty scalar. Booleans: `true`, `True`, `TRUE`,
/// `false`, `False`, `FALSE` only. Integers: `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`.
/// Floats: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?\.(inf|Inf|INF)`,
/// `\.(nan|NaN|NAN)`. Anything else is a string.
///
/// The integer forms come first in the schema's table, so digits alone are an integer even where
/// the float form matches too: one too large for `Int`, in any radix, is refused as out of range
/// rather than read as an approximate float.
enum CoreSchema {
    /// The value of the plain scalar `text` read at `location`.
    static func resolve(_ text: UnsafeBufferPointer<UInt8>, at location: SourceLocation) throws(SyntaxError) -> Node.Value {
        guard let first = text.first else { return .null }
        switch first {
        case 0x7E: // ~
            return text.count == 1 ? .null : .string(string(text))
        case 0x6E, 0x4E: // n N
            return matches(text, "null", "Null", "NULL") ? .null : .string(string(text))
        case 0x74, 0x54: // t T
            return matches(text, "true", "True", "TRUE") ? .bool(true) : .string(string(text))
        case 0x66, 0x46: // f F
            return matches(text, "false", "False", "FALSE") ? .bool(false) : .string(string(text))
        case 0x30...0x39, 0x2B, 0x2D, Byte.dot:
            return try number(text, at: location) ?? .string(string(text))
        default:
            return .string(string(text))
        }
    }

    /// The text as a string.
    private static func string(_ text: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: text, as: UTF8.self)
    }

    /// Whether `text` is one of the three spellings.
    private static func matches(_ text: UnsafeBufferPointer<UInt8>, _ a: StaticString, _ b: StaticString, _ c: StaticString) -> Bool {
        equals(text, a) || equals(text, b) || equals(text, c)
    }

    /// Whether `text` is exactly the ASCII `word`.
    private static func equals(_ text: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard text.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for i in 0..<text.count where text[i] != w[i] { return false }
        return true
    }

    /// The integer or float that `text` spells, or nil when it spells neither.
    private static func number(_ text: UnsafeBufferPointer<UInt8>, at location: SourceLocation) throws(SyntaxError) -> Node.Value? {
        let count = text.count
        if count > 2 && text[0] == 0x30 && (text[1] == 0x6F || text[1] == 0x78) {
            return try radixInteger(text, radix: text[1] == 0x6F ? 8 : 16, at: location)
        }
        var i = 0
        let negative = text[0] == Byte.dash
        if negative || text[0] == 0x2B { i = 1 }
        if i < count && text[i] == Byte.dot, count - i == 4 {
            let word = UnsafeBufferPointer(rebasing: text[(i + 1)...])
            if matches(word, "inf", "Inf", "INF") { return .double(negative ? -.infinity : .infinity) }
            if i == 0 && matches(word, "nan", "NaN", "NAN") { return .double(.nan) }
        }
        let integerStart = i
        while i < count && isDigit(text[i]) { i += 1 }
        let integerDigits = i - integerStart
        var fractionDigits = 0
        var isFloat = false
        if i < count && text[i] == Byte.dot {
            isFloat = true
            i += 1
            let fractionStart = i
            while i < count && isDigit(text[i]) { i += 1 }
            fractionDigits = i - fractionStart
        }
        guard integerDigits > 0 || fractionDigits > 0 else { return nil }
        if i < count && (text[i] == 0x65 || text[i] == 0x45) {
            isFloat = true
            i += 1
            if i < count && (text[i] == Byte.dash || text[i] == 0x2B) { i += 1 }
            let exponentStart = i
            while i < count && isDigit(text[i]) { i += 1 }
            guard i > exponentStart else { return nil }
        }
        guard i == count else { return nil }
        if !isFloat {
            guard let value = decimalInteger(text, from: integerStart, negative: negative) else { throw outOfRange(text, at: location) }
            return .int(value)
        }
        guard let value = Double(String(decoding: text, as: UTF8.self)) else { return nil }
        return .double(value)
    }

    /// Whether `b` is an ASCII digit.
    @inline(__always) private static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    /// The decimal digits from `start` as an `Int`, or nil when they overflow it.
    private static func decimalInteger(_ text: UnsafeBufferPointer<UInt8>, from start: Int, negative: Bool) -> Int? {
        var value = 0
        for i in start..<text.count {
            let digit = Int(text[i] &- 0x30)
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            // Accumulating downwards reaches Int.min, which has no positive counterpart.
            let (next, o2) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            value = next
        }
        return value
    }

    /// The error for an integer that `Int` cannot hold.
    private static func outOfRange(_ text: UnsafeBufferPointer<UInt8>, at location: SourceLocation) -> SyntaxError {
        SyntaxError("integer '\(string(text))' is out of range (\(Int.min) to \(Int.max)); quote it to keep it as a string", at: location)
    }

    /// The `0o` or `0x` integer `text`, nil when a digit is not of the radix.
    private static func radixInteger(_ text: UnsafeBufferPointer<UInt8>, radix: Int, at location: SourceLocation) throws(SyntaxError) -> Node.Value? {
        var digits: [Int] = []
        digits.reserveCapacity(text.count - 2)
        for i in 2..<text.count {
            let b = text[i]
            let digit: Int
            switch b {
            case 0x30...0x39: digit = Int(b - 0x30)
            case 0x61...0x66: digit = Int(b - 0x61 + 10)
            case 0x41...0x46: digit = Int(b - 0x41 + 10)
            default: return nil
            }
            guard digit < radix else { return nil }
            digits.append(digit)
        }
        var value = 0
        for digit in digits {
            let (shifted, o1) = value.multipliedReportingOverflow(by: radix)
            let (next, o2) = shifted.addingReportingOverflow(digit)
            if o1 || o2 { throw outOfRange(text, at: location) }
            value = next
        }
        return .int(value)
    }
}
