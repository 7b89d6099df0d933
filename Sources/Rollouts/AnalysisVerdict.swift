/// The outcome of one analysis of a canary window.
public enum AnalysisVerdict: Sendable, Equatable, Codable {
    /// Every configured check held.
    case pass
    /// At least one check failed; each reason names the check and the numbers.
    case fail(reasons: [String])
    /// The window held too little traffic to judge; counts neither as a pass nor as a failure.
    case inconclusive(String)
}
