/// Durations as manifests write them: `250ms`, `30s`, `5m`, `1h`, `1h30m`, `2d`.
public enum DurationText {
    /// The longest duration a manifest or a command-line option may give: a year keeps every
    /// duration in whole nanoseconds well inside 64 bits, whatever a clock or a timer adds to it.
    public static let longest: Duration = .seconds(365 * 86_400)

    /// Parses a duration; nil for anything else (including zero-length text).
    public static func parse(_ text: String) -> Duration? {
        var total: Int64 = 0   // milliseconds
        var number: Int64? = nil
        var sawUnit = false
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if (0x30...0x39).contains(c) {
                let (m, o1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int64(c - 0x30))
                if o1 || o2 { return nil }
                number = s
                i += 1
                continue
            }
            guard let n = number else { return nil }
            let unit: Int64
            if c == UInt8(ascii: "m"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "s") {
                unit = 1
                i += 2
            } else {
                switch c {
                case UInt8(ascii: "s"): unit = 1_000
                case UInt8(ascii: "m"): unit = 60_000
                case UInt8(ascii: "h"): unit = 3_600_000
                case UInt8(ascii: "d"): unit = 86_400_000
                default: return nil
                }
                i += 1
            }
            let (part, o1) = n.multipliedReportingOverflow(by: unit)
            let (sum, o2) = total.addingReportingOverflow(part)
            if o1 || o2 { return nil }
            total = sum
            number = nil
            sawUnit = true
        }
        guard sawUnit, number == nil else { return nil }
        return .milliseconds(total)
    }

    /// The shortest text that parses back to `duration` (whole milliseconds).
    public static func format(_ duration: Duration) -> String {
        var ms = duration.milliseconds
        if ms == 0 { return "0s" }
        var text = ""
        for (unit, suffix) in [(Int64(86_400_000), "d"), (3_600_000, "h"), (60_000, "m"), (1_000, "s"), (1, "ms")] where ms >= unit {
            text += "\(ms / unit)\(suffix)"
            ms %= unit
        }
        return text
    }
}

extension Duration {
    /// Whole milliseconds, rounded toward zero.
    public var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }

    /// The duration in seconds as a floating-point number.
    public var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
