/// Something a caller of the daemon's API asks to do, each guarded by a role.
public enum APIAction: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Read status, history, evidence and metrics.
    case view
    /// Sign off a candidate as a reviewer.
    case approve
    case promote
    case abort
    /// Resume a paused canary.
    case resume
    case rollback
    /// Fetch the repository and reconcile now instead of waiting for the interval.
    case sync

    public var description: String { rawValue }
}
