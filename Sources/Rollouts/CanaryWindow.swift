import Foundation

/// The measurements of canary and stable over the same interval, answering an `analyse` action.
public struct CanaryWindow: Sendable, Equatable {
    /// The interval measured; `from` must equal the start the rollout asked for.
    public var interval: Range<Date>
    /// What the candidate served.
    public var canary: VersionWindow
    /// What stable served over the same interval; nil when there is no stable version yet.
    public var stable: VersionWindow?

    /// Measurements of `canary` (and `stable`, if any) over `interval`.
    public init(interval: Range<Date>, canary: VersionWindow, stable: VersionWindow?) {
        self.interval = interval
        self.canary = canary
        self.stable = stable
    }
}
