import Foundation

/// How load-test figures are written for people: a few significant digits, units spelled out.
enum Figures {
    /// `0.84 ms`, `12.3 ms`, `250 ms`.
    static func milliseconds(_ value: Double) -> String {
        if value >= 100 { return String(format: "%.0f ms", value) }
        if value >= 10 { return String(format: "%.1f ms", value) }
        return String(format: "%.2f ms", value)
    }

    /// `1%`, `0.15%`.
    static func percent(_ fraction: Double) -> String {
        let value = fraction * 100
        if value == value.rounded() { return String(format: "%.0f%%", value) }
        return String(format: "%.3g%%", value)
    }

    /// `199.8`.
    static func rate(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    /// `45.2 MiB`.
    static func mebibytes(_ bytes: UInt64) -> String {
        String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }
}
