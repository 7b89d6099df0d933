import Glibc

/// Strict reading of a cell's bytes as a number, an integer or a boolean.
///
/// Numbers are decimal: an optional sign, digits with an optional fraction, an optional exponent.
/// No spaces, thousands separators, hexadecimal, `nan` or `inf`: a data set that has them is
/// reported rather than guessed at.
enum CellText {
    private static let exactPowers: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// The value of a decimal number, or nil when the bytes are not one.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        let end = bytes.count
        var negative = false
        if index < end && (bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")) {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var significant = 0
        var scale = 0
        while index < end, case let digit = bytes[index] &- 48, digit < 10 {
            digits += 1
            if significant < 19 {
                if mantissa > 0 || digit > 0 { significant += 1 }
                mantissa = mantissa &* 10 &+ UInt64(digit)
            } else {
                scale += 1
                significant += 1
            }
            index += 1
        }
        if index < end && bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < end, case let digit = bytes[index] &- 48, digit < 10 {
                digits += 1
                if significant < 19 {
                    if mantissa > 0 || digit > 0 { significant += 1 }
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    scale -= 1
                } else {
                    significant += 1
                }
                index += 1
            }
        }
        guard digits > 0 else { return nil }
        var exponent = 0
        if index < end && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            var exponentNegative = false
            if index < end && (bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")) {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponentDigits = 0
            while index < end, case let digit = bytes[index] &- 48, digit < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(digit) }
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0 else { return nil }
            if exponentNegative { exponent = -exponent }
        }
        guard index == end else { return nil }
        let power = scale + exponent
        // Exact when both the mantissa and the power of ten are exact doubles (one rounding only).
        if significant < 19 && mantissa <= 1 << 53 && power >= -22 && power <= 22 {
            let value = power < 0 ? Double(mantissa) / exactPowers[-power] : Double(mantissa) * exactPowers[power]
            return negative ? -value : value
        }
        return slowNumber(bytes)
    }

    /// Long or extreme numbers go through the C library, which rounds correctly.
    private static func slowNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = CChar(bitPattern: byte) }
            buffer[bytes.count] = 0
            let value = strtod(buffer.baseAddress!, nil)
            return value.isFinite ? value : nil
        }
    }

    /// The value of an integer (optional sign, digits only), or nil when not one or out of 64-bit range.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        var negative = false
        if !bytes.isEmpty && (bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+")) {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        guard index < bytes.count else { return nil }
        var value: Int64 = 0
        while index < bytes.count {
            let digit = bytes[index] &- 48
            guard digit < 10 else { return nil }
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = negative ? times.subtractingReportingOverflow(Int64(digit)) : times.addingReportingOverflow(Int64(digit))
            guard !overflowTimes && !overflowSum else { return nil }
            value = sum
            index += 1
        }
        return value
    }

    /// `true` or `false` exactly; nil otherwise.
    static func boolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        if bytes.elementsEqual("true".utf8) { return true }
        if bytes.elementsEqual("false".utf8) { return false }
        return nil
    }
}
