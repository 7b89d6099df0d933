import Foundation

/// Counts the API's refusals per client and reason in windows, so a flood of bad requests costs
/// the journal at most two entries per client, reason and window instead of one fsynced entry each.
///
/// A pure state machine: each call returns the `APIRefused` entries to journal, in order, and the
/// caller appends them. The first refusal of a (client, action, reason) opens a window and is
/// journaled at once; later ones in the window are only counted; when the window closes (at the
/// next refusal after it, or when `close` is called) a summary with the count follows, if there
/// was more than the first. At most `capacity` windows are open: past it, refusals from clients
/// not yet counted share one window whose client is `RefusalTally.otherClients`.
struct RefusalTally {
    /// The client named by the window that gathers refusals once `capacity` windows are open.
    static let otherClients = "other clients"

    private struct Key: Hashable {
        var client: String
        var action: String
        var reason: String
    }

    private struct Window {
        var first: APIRefused
        var opened: Date
        var count: Int
    }

    /// How long a window stays open after its first refusal.
    let length: TimeInterval
    /// Most windows open at once; this bounds the tally's memory whatever the clients do.
    let capacity: Int
    private var windows: [Key: Window] = [:]

    init(length: TimeInterval = 60, capacity: Int = 1024) {
        self.length = length
        self.capacity = capacity
    }

    /// Counts `refusal` at `now`; returns what to journal.
    mutating func record(_ refusal: APIRefused, at now: Date) -> [APIRefused] {
        var key = Key(client: refusal.client ?? "", action: refusal.action, reason: refusal.reason)
        var entries: [APIRefused] = []
        if let window = windows[key] {
            if now.timeIntervalSince(window.opened) < length {
                windows[key]?.count += 1
                return []
            }
            windows[key] = nil
            entries += Self.summary(of: window, at: now)
        } else if windows.count >= capacity {
            entries += close(at: now)
            if windows.count >= capacity {
                key.client = Self.otherClients
                if windows[key] != nil {
                    windows[key]?.count += 1
                    return entries
                }
            }
        }
        var first = refusal
        first.client = key.client.isEmpty ? refusal.client : key.client
        windows[key] = Window(first: first, opened: now, count: 1)
        return entries + [first]
    }

    /// Closes the windows older than `length` at `now`, or every window when `all`; returns their summaries.
    mutating func close(at now: Date, all: Bool = false) -> [APIRefused] {
        let closing = windows.filter { all || now.timeIntervalSince($0.value.opened) >= length }
        for key in closing.keys { windows[key] = nil }
        return closing.values.sorted { ($0.opened, $0.first.client ?? "") < ($1.opened, $1.first.client ?? "") }.flatMap { Self.summary(of: $0, at: now) }
    }

    /// When the oldest open window closes; nil when none is open.
    var nextClose: Date? {
        windows.values.map(\.opened).min().map { $0.addingTimeInterval(length) }
    }

    private static func summary(of window: Window, at now: Date) -> [APIRefused] {
        guard window.count > 1 else { return [] }
        var summary = window.first
        summary.count = window.count
        summary.since = window.opened
        return [summary]
    }
}
