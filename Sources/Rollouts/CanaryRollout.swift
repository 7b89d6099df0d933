import Foundation
import Manifests

/// The canary rollout of one candidate as a pure state machine: events in, actions out.
///
/// The caller persists `state` after every event and *before* it performs the returned action
/// (above all before a `setWeight`), so that after a crash `init(spec:limits:restoring:)` and
/// `reassert()` bring it back to the same step and weight. Nothing here reads a clock: time
/// arrives in the events.
///
/// Rules:
/// - Each step sets its weight, then holds for its `pause` with an analysis every `interval`.
///   It advances once its pause has elapsed and an analysis in it has passed since its start
///   or since its last failure. After the last step the candidate is promoted; with no steps
///   it is promoted at once.
/// - `failureLimit` failed analyses over the whole rollout roll it back.
/// - Inconclusive analyses neither pass nor fail. `inconclusiveLimit` of them in a row pause
///   the rollout for a human: a canary that never gets traffic is never promoted on its own.
/// - `maxCanaryRestarts` restarts of the canary's server roll it back, and so does a canary
///   whose server cannot be started at all.
/// - A paused rollout never advances, but it is still analysed and still rolled back.
/// - Commands a person gives in a state that does not allow them are refused as values;
///   late measurements and ticks after the end are ignored.
///
/// What must be durable before each action:
/// - `setWeight`: the position with the new step index and its start time, so that the step a
///   weight belongs to is never lost; after a crash `reassert()` sets that weight again.
/// - `promote`, `rollBack`, `abort`: the finished state, so that a restart re-asserts the
///   outcome instead of walking the steps again.
/// - `waitUntil`, `analyse`, `hold`: the tallies of the last judged window (`windowStart` and
///   the counts). Losing them only makes the rollout ask for the same window again.
public struct CanaryRollout: Sendable, Equatable {
    /// The steps and the analysis being walked.
    public let spec: RolloutSpec
    /// The limits `spec` does not carry.
    public let limits: RolloutLimits
    /// Where the rollout is; the caller persists it before acting.
    public internal(set) var state: State
    /// The verdict on the last `metrics` event, for the caller to journal as evidence.
    public private(set) var lastVerdict: AnalysisVerdict?

    /// Begins a rollout at `now`: the first step's weight, or promotion when there are no steps.
    public static func start(spec: RolloutSpec, limits: RolloutLimits = RolloutLimits(), now: Date) -> (CanaryRollout, Action) {
        guard let first = spec.steps.first else {
            return (CanaryRollout(spec: spec, limits: limits, state: .promoted), .promote)
        }
        let rollout = CanaryRollout(spec: spec, limits: limits, state: .progressing(RolloutPosition(step: 0, stepStarted: now)))
        return (rollout, .setWeight(first.weight))
    }

    /// Rebuilds a rollout from its persisted state, checking that the state fits `spec`.
    public init(spec: RolloutSpec, limits: RolloutLimits = RolloutLimits(), restoring state: State) throws(RestoreError) {
        switch state {
        case .progressing(let position), .paused(let position, _):
            guard spec.steps.indices.contains(position.step) else {
                throw RestoreError(step: position.step, stepCount: spec.steps.count)
            }
        case .promoted, .rolledBack, .aborted:
            break
        }
        self.init(spec: spec, limits: limits, state: state)
    }

    private init(spec: RolloutSpec, limits: RolloutLimits, state: State) {
        self.spec = spec
        self.limits = limits
        self.state = state
    }

    /// The action that puts the world back in line with `state` after a restart, because the
    /// crash may have come between persisting the state and acting on it.
    public func reassert() -> Action {
        switch state {
        case .progressing(let position), .paused(let position, _):
            .setWeight(spec.steps[position.step].weight)
        case .promoted:
            .promote
        case .rolledBack(let reason):
            .rollBack(reason: reason)
        case .aborted:
            .abort
        }
    }

    /// Moves the rollout on `event` and returns what the caller must do next.
    public mutating func event(_ event: Event) -> Action {
        switch event {
        case .tick(let now):
            return tick(now: now)
        case .metrics(let window):
            return metrics(window)
        case .canaryCrashed(let restarts):
            return canaryCrashed(restarts: restarts)
        case .canaryUnavailable(let reason):
            return canaryUnavailable(reason: reason)
        case .promote:
            return promoteByHand()
        case .abort:
            return abort()
        case .pause:
            return pause()
        case .resume(let now):
            return resume(now: now)
        }
    }

    /// Analyses when one is due, advances when the step has earned it, and otherwise waits.
    private mutating func tick(now: Date) -> Action {
        switch state {
        case .progressing(let position):
            return next(from: position, now: now, mayAdvance: true)
        case .paused(let position, _):
            return next(from: position, now: now, mayAdvance: false)
        case .promoted, .rolledBack, .aborted:
            return .none
        }
    }

    /// The next move from `position` at `now`; fresh measurements come before advancing.
    private mutating func next(from position: RolloutPosition, now: Date, mayAdvance: Bool) -> Action {
        let step = spec.steps[position.step]
        let analysisDue = position.windowStart.adding(spec.analysis.interval)
        if now >= analysisDue && now > position.windowStart {
            return .analyse(window: position.windowStart..<now)
        }
        guard mayAdvance, position.passesInStep > 0 else { return .waitUntil(analysisDue) }
        let stepEnds = position.stepStarted.adding(step.pause)
        guard now >= stepEnds else { return .waitUntil(min(analysisDue, stepEnds)) }
        guard spec.steps.indices.contains(position.step + 1) else {
            state = .promoted
            return .promote
        }
        state = .progressing(position.advanced(at: now))
        return .setWeight(spec.steps[position.step + 1].weight)
    }

    /// Judges the window the last `analyse` asked for; a window that does not start where the
    /// rollout expects one was already judged or belongs to an earlier step, and is ignored.
    private mutating func metrics(_ window: CanaryWindow) -> Action {
        let position: RolloutPosition
        let pauseReason: PauseReason?
        switch state {
        case .progressing(let current):
            (position, pauseReason) = (current, nil)
        case .paused(let current, let reason):
            (position, pauseReason) = (current, reason)
        case .promoted, .rolledBack, .aborted:
            return .none
        }
        guard window.interval.lowerBound == position.windowStart, !window.interval.isEmpty else { return .none }
        let verdict = Analysis.judge(spec: spec.analysis, canary: window.canary, stable: window.stable)
        lastVerdict = verdict
        let now = window.interval.upperBound
        let recorded = position.recording(verdict, windowEnd: now)
        if case .fail(let reasons) = verdict, recorded.failedAnalyses >= spec.analysis.failureLimit {
            let reason = "\(recorded.failedAnalyses) analyses failed, reaching failureLimit \(spec.analysis.failureLimit); last: \(reasons.joined(separator: "; "))"
            state = .rolledBack(reason: reason)
            return .rollBack(reason: reason)
        }
        if let pauseReason {
            state = .paused(recorded, pauseReason)
            return next(from: recorded, now: now, mayAdvance: false)
        }
        if recorded.inconclusiveInARow >= limits.inconclusiveLimit {
            let reason = PauseReason.inconclusive(inARow: recorded.inconclusiveInARow)
            state = .paused(recorded, reason)
            return .hold(reason: reason.description)
        }
        state = .progressing(recorded)
        return next(from: recorded, now: now, mayAdvance: true)
    }

    /// Rolls back once the canary's server has restarted too often, paused or not.
    private mutating func canaryCrashed(restarts: Int) -> Action {
        guard !state.isFinished, restarts >= limits.maxCanaryRestarts else { return .none }
        let reason = "canary server restarted \(restarts) \(restarts == 1 ? "time" : "times") during the rollout, reaching the limit of \(limits.maxCanaryRestarts)"
        state = .rolledBack(reason: reason)
        return .rollBack(reason: reason)
    }

    /// Rolls back a canary whose server never came up: it can take no traffic, so it cannot be judged.
    private mutating func canaryUnavailable(reason: String) -> Action {
        guard !state.isFinished else { return .none }
        let text = "the canary's server could not be started: \(reason)"
        state = .rolledBack(reason: text)
        return .rollBack(reason: text)
    }
}
