/// A streaming check that bytes are well-formed UTF-8, fed one byte at a time across buffer boundaries.
///
/// Only bytes of multi-byte sequences need it: ASCII outside a sequence is always valid, so the
/// reader calls it only for bytes ≥ 0x80 or while a sequence is open.
struct UTF8Scanner {
    /// Continuation bytes still expected for the open sequence.
    private(set) var pending = 0
    /// The range the next continuation byte must fall in (narrower after E0, ED, F0, F4).
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    /// Whether a sequence has started and not finished.
    var isOpen: Bool { pending > 0 }

    /// Takes one byte; false when it cannot appear here in well-formed UTF-8.
    mutating func accept(_ byte: UInt8) -> Bool {
        if pending > 0 {
            guard byte >= lower && byte <= upper else { return false }
            pending -= 1
            lower = 0x80
            upper = 0xBF
            return true
        }
        switch byte {
        case 0x00...0x7F: return true
        case 0xC2...0xDF: pending = 1
        case 0xE0: pending = 2; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: pending = 2
        case 0xED: pending = 2; upper = 0x9F  // no surrogates
        case 0xF0: pending = 3; lower = 0x90
        case 0xF1...0xF3: pending = 3
        case 0xF4: pending = 3; upper = 0x8F  // nothing above U+10FFFF
        default: return false  // continuation byte without a lead, overlong C0/C1, F5…FF
        }
        return true
    }
}
