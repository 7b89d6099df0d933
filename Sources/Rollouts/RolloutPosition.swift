import Foundation

/// Where a canary rollout stands: persisted before the weight it implies is set, so a restart
/// resumes at the same step.
public struct RolloutPosition: Sendable, Equatable, Codable {
    /// The index of the current step in the rollout's steps.
    public var step: Int
    /// When the current step began (its pause counts from here).
    public var stepStarted: Date
    /// Failed analyses so far in this rollout.
    public var failedAnalyses: Int

    public init(step: Int, stepStarted: Date, failedAnalyses: Int = 0) {
        self.step = step
        self.stepStarted = stepStarted
        self.failedAnalyses = failedAnalyses
    }
}
