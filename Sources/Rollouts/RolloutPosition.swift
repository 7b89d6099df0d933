import Foundation

/// Where a canary rollout stands within its steps, and the analyses that decide its next move.
///
/// It is persisted (as part of `CanaryRollout.State`) before the action it implies is carried
/// out, so a restart resumes at the same step and weight with the same tallies.
public struct RolloutPosition: Sendable, Equatable, Codable {
    /// The index of the current step in the rollout's steps.
    public var step: Int
    /// When the current step began; its pause counts from here.
    public var stepStarted: Date
    /// Where the next analysis window starts: the end of the last judged window, or the step's start.
    public var windowStart: Date
    /// Passing analyses in this step since it began or since its last failure.
    public var passesInStep: Int
    /// Failed analyses over the whole rollout, counted against `failureLimit` as Argo Rollouts does.
    public var failedAnalyses: Int
    /// Inconclusive analyses in a row; any pass or failure resets it.
    public var inconclusiveInARow: Int

    /// A position at `step`, with the step and its first window starting at `stepStarted`.
    public init(step: Int, stepStarted: Date, passesInStep: Int = 0, failedAnalyses: Int = 0, inconclusiveInARow: Int = 0, windowStart: Date? = nil) {
        self.step = step
        self.stepStarted = stepStarted
        self.windowStart = windowStart ?? stepStarted
        self.passesInStep = passesInStep
        self.failedAnalyses = failedAnalyses
        self.inconclusiveInARow = inconclusiveInARow
    }

    /// The next step, starting at `now`; the rollout-wide failure count carries over.
    func advanced(at now: Date) -> RolloutPosition {
        RolloutPosition(step: step + 1, stepStarted: now, failedAnalyses: failedAnalyses)
    }

    /// The same step held afresh from `now`, as after a resume: earlier passes and the
    /// inconclusive run are forgotten, failures are not.
    func restarted(at now: Date) -> RolloutPosition {
        RolloutPosition(step: step, stepStarted: now, failedAnalyses: failedAnalyses)
    }

    /// This position after judging the window that ends at `end` as `verdict`.
    func recording(_ verdict: AnalysisVerdict, windowEnd end: Date) -> RolloutPosition {
        var next = self
        next.windowStart = end
        switch verdict {
        case .pass:
            next.passesInStep += 1
            next.inconclusiveInARow = 0
        case .fail:
            // A failure erases the step's earlier passes: the step needs a fresh pass after it.
            next.passesInStep = 0
            next.failedAnalyses += 1
            next.inconclusiveInARow = 0
        case .inconclusive:
            next.inconclusiveInARow += 1
        }
        return next
    }
}
