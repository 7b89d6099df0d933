import Foundation
import Glibc

/// Times and durations as the status page writes them: UTC clock text and short ages.
enum PageTime {
    /// `2026-03-01 12:00:05 UTC`.
    static func dateTime(_ date: Date) -> String {
        let parts = utc(date)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2)) \(clock(date)) UTC"
    }

    /// `12:00:05`, in UTC.
    static func clock(_ date: Date) -> String {
        let parts = utc(date)
        return "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
    }

    /// A duration in its two largest units: `45s`, `5m 3s`, `2h 5m`, `3d 4h`; negative durations
    /// (a clock that stepped back) read as `0s`.
    static func age(_ seconds: TimeInterval) -> String {
        guard seconds.isFinite, seconds >= 1 else { return "0s" }
        let total = Int(min(seconds, 1e12).rounded(.down))
        let (days, hours, minutes, secs) = (total / 86_400, total / 3_600 % 24, total / 60 % 60, total % 60)
        if days > 0 { return hours > 0 ? "\(days)d \(hours)h" : "\(days)d" }
        if hours > 0 { return minutes > 0 ? "\(hours)h \(minutes)m" : "\(hours)h" }
        if minutes > 0 { return secs > 0 ? "\(minutes)m \(secs)s" : "\(minutes)m" }
        return "\(secs)s"
    }

    private static func utc(_ date: Date) -> tm {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return parts
    }

    private static func pad(_ value: Int32, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
