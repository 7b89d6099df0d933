import Foundation

extension CanaryRollout {
    /// Something the rollout must react to: time passing, measurements, crashes, or a person.
    public enum Event: Sendable, Equatable {
        /// The controller looks at the rollout at `now`.
        case tick(now: Date)
        /// The measurements answering an `analyse` action.
        case metrics(CanaryWindow)
        /// The canary's server has restarted this many times since the rollout began.
        case canaryCrashed(restarts: Int)
        /// The canary's server could not be started at all (never ready); the reason says why.
        case canaryUnavailable(reason: String)
        /// A person promotes the candidate now, skipping the remaining steps.
        case promote
        /// A person stops the rollout and sends traffic back to stable.
        case abort
        /// A person holds the rollout at its current step.
        case pause
        /// A person lets a paused rollout continue; the current step is held afresh from `now`.
        case resume(now: Date)
    }
}
