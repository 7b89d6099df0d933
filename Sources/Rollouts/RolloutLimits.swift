/// Limits of a rollout that `AnalysisSpec` does not carry.
public struct RolloutLimits: Sendable, Equatable {
    /// Inconclusive analyses in a row after which the rollout pauses for a human: the canary is
    /// getting too little traffic to judge, and promoting it unjudged would be a guess.
    public var inconclusiveLimit: Int
    /// Restarts of the canary's server during the rollout at which it is rolled back.
    public var maxCanaryRestarts: Int

    /// Limits with the given values; by default six silent windows pause, three restarts roll back.
    public init(inconclusiveLimit: Int = 6, maxCanaryRestarts: Int = 3) {
        precondition(inconclusiveLimit >= 1 && maxCanaryRestarts >= 1, "rollout limits must be at least 1: \(inconclusiveLimit), \(maxCanaryRestarts)")
        self.inconclusiveLimit = inconclusiveLimit
        self.maxCanaryRestarts = maxCanaryRestarts
    }
}
