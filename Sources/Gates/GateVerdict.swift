/// What a gate concluded about a candidate.
public enum GateVerdict: String, Codable, Sendable, CaseIterable {
    /// The candidate met every limit of the gate.
    case pass
    /// The candidate broke at least one limit; it goes no further.
    case fail
    /// The gate waits on people or time (approvals); it is asked again later.
    case pending
    /// The gate could not judge (a missing file, a server that never became ready); never a pass.
    case error
}
