import Foundation

/// A five-field cron expression (`minute hour day-of-month month day-of-week`), evaluated in UTC.
///
/// Fields take `*`, numbers, ranges `a-b`, steps `*/n` and `a-b/n`, lists `a,b`, month and
/// weekday names (`jan`, `mon`), and `7` for Sunday. The macros `@hourly`, `@daily`,
/// `@midnight`, `@weekly`, `@monthly`, `@yearly` and `@annually` are accepted. As in classic
/// cron, when both day fields are restricted a day matches if either does.
public struct CronSchedule: Sendable, Equatable, CustomStringConvertible {
    /// Why a cron expression was refused.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    private let minuteBits: UInt64
    private let hourBits: UInt64
    private let dayOfMonthBits: UInt64
    private let monthBits: UInt64
    private let dayOfWeekBits: UInt64
    private let dayOfMonthRestricted: Bool
    private let dayOfWeekRestricted: Bool
    public let description: String

    public init(_ text: String) throws(ParseError) {
        let words = text.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 }).map { String(Substring($0)) }
        let trimmed = words.joined(separator: " ")
        let fields: [String]
        if trimmed.hasPrefix("@") {
            guard let macro = Self.macros[trimmed.lowercased()] else {
                throw ParseError(description: "unknown macro '\(trimmed)'; use @hourly, @daily, @weekly, @monthly or @yearly")
            }
            fields = macro.split(separator: " ").map(String.init)
        } else {
            fields = words
        }
        guard fields.count == 5 else {
            throw ParseError(description: "'\(text)' has \(fields.count) fields; a cron expression has 5: minute hour day-of-month month day-of-week")
        }
        minuteBits = try Self.field(fields[0], "minute", 0...59, names: [:])
        hourBits = try Self.field(fields[1], "hour", 0...23, names: [:])
        dayOfMonthBits = try Self.field(fields[2], "day-of-month", 1...31, names: [:])
        monthBits = try Self.field(fields[3], "month", 1...12, names: Self.monthNumbers)
        let weekdays = try Self.field(fields[4], "day-of-week", 0...7, names: Self.dayNumbers)
        dayOfWeekBits = (weekdays | (weekdays >> 7)) & 0x7f  // 7 is Sunday too
        dayOfMonthRestricted = fields[2] != "*"
        dayOfWeekRestricted = fields[4] != "*"
        description = trimmed
    }

    private static let macros = ["@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@weekly": "0 0 * * 0",
                                 "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *"]
    private static let monthNumbers = Dictionary(uniqueKeysWithValues:
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].enumerated().map { ($1, $0 + 1) })
    private static let dayNumbers = Dictionary(uniqueKeysWithValues:
        ["sun", "mon", "tue", "wed", "thu", "fri", "sat"].enumerated().map { ($1, $0) })

    public var minutes: Set<Int> { Self.members(minuteBits) }
    public var hours: Set<Int> { Self.members(hourBits) }
    public var daysOfMonth: Set<Int> { Self.members(dayOfMonthBits) }
    public var months: Set<Int> { Self.members(monthBits) }
    /// 0 = Sunday … 6 = Saturday.
    public var daysOfWeek: Set<Int> { Self.members(dayOfWeekBits) }

    private static func members(_ bits: UInt64) -> Set<Int> { Set((0..<64).filter { bits & (1 << $0) != 0 }) }

    /// The first minute strictly after `date` that the schedule names, or nil if none within eight years.
    public func next(after date: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = floor(date.timeIntervalSince1970 / 60) * 60 + 60
        var c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Date(timeIntervalSince1970: start))
        let lastYear = c.year! + 8
        while c.year! <= lastYear {
            if monthBits & (1 << c.month!) == 0 {
                c.month! += 1; c.day = 1; c.hour = 0; c.minute = 0
                if c.month! > 12 { c.month = 1; c.year! += 1 }
                continue
            }
            guard let firstOfMonth = calendar.date(from: DateComponents(year: c.year, month: c.month, day: 1)) else { return nil }
            let daysInMonth = calendar.range(of: .day, in: .month, for: firstOfMonth)!.count
            if c.day! > daysInMonth {
                c.month! += 1; c.day = 1; c.hour = 0; c.minute = 0
                if c.month! > 12 { c.month = 1; c.year! += 1 }
                continue
            }
            let day = calendar.date(byAdding: .day, value: c.day! - 1, to: firstOfMonth)!
            let weekday = calendar.component(.weekday, from: day) - 1
            if !matchesDay(dayOfMonth: c.day!, weekday: weekday) {
                c.day! += 1; c.hour = 0; c.minute = 0
                continue
            }
            if let hour = (c.hour!...23).first(where: { hourBits & (1 << $0) != 0 }) {
                if hour > c.hour! { c.hour = hour; c.minute = 0 }
                if let minute = (c.minute!...59).first(where: { minuteBits & (1 << $0) != 0 }) {
                    c.minute = minute
                    return calendar.date(from: c)
                }
                c.hour! += 1; c.minute = 0
                if c.hour! <= 23 { continue }
            }
            c.day! += 1; c.hour = 0; c.minute = 0
        }
        return nil
    }

    private func matchesDay(dayOfMonth: Int, weekday: Int) -> Bool {
        switch (dayOfMonthRestricted, dayOfWeekRestricted) {
        case (true, true): return dayOfMonthBits & (1 << dayOfMonth) != 0 || dayOfWeekBits & (1 << weekday) != 0
        case (true, false): return dayOfMonthBits & (1 << dayOfMonth) != 0
        case (false, true): return dayOfWeekBits & (1 << weekday) != 0
        case (false, false): return true
        }
    }

    private static func field(_ text: String, _ name: String, _ range: ClosedRange<Int>, names: [String: Int]) throws(ParseError) -> UInt64 {
        var values: UInt64 = 0
        for part in text.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            let pieces = part.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw ParseError(description: "\(name) '\(Substring(part))' has more than one '/'") }
            var step = 1
            if pieces.count == 2 {
                guard let s = Int(Substring(pieces[1])), s > 0 else {
                    throw ParseError(description: "\(name) step '\(Substring(pieces[1]))' must be a positive number")
                }
                step = s
            }
            let bounds: ClosedRange<Int>
            if pieces[0].elementsEqual("*".utf8) {
                bounds = range
            } else {
                let ends = pieces[0].split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
                guard ends.count <= 2 else { throw ParseError(description: "\(name) '\(Substring(part))' is not a value or a range") }
                let low = try value(Substring(ends[0]), name, range, names)
                let high = ends.count == 2 ? try value(Substring(ends[1]), name, range, names) : (pieces.count == 2 ? range.upperBound : low)
                guard low <= high else { throw ParseError(description: "\(name) range '\(Substring(pieces[0]))' runs backwards") }
                bounds = low...high
            }
            for v in stride(from: bounds.lowerBound, through: bounds.upperBound, by: step) { values |= 1 << v }
        }
        return values
    }

    private static func value(_ text: Substring, _ name: String, _ range: ClosedRange<Int>, _ names: [String: Int]) throws(ParseError) -> Int {
        if !names.isEmpty, let v = names[text.lowercased()] { return v }
        guard let v = Int(text), range.contains(v) else {
            throw ParseError(description: "\(name) '\(text)' is not in \(range.lowerBound)–\(range.upperBound)")
        }
        return v
    }
}
