import Foundation

extension CanaryRollout {
    /// What the controller must do next; every action is idempotent, so repeating it after a
    /// restart is harmless.
    public enum Action: Sendable, Equatable {
        /// Route this percentage of the model's traffic to the candidate.
        case setWeight(Int)
        /// Nothing to do before this time; tick again then.
        case waitUntil(Date)
        /// Measure canary and stable over this interval and send back `metrics`.
        case analyse(window: Range<Date>)
        /// Route all traffic to the candidate; it becomes stable.
        case promote
        /// Route no traffic to the candidate and quarantine it.
        case rollBack(reason: String)
        /// Route no traffic to the candidate and mark it aborted.
        case abort
        /// Keep the current weight, stop advancing, and show this reason until a person acts.
        case hold(reason: String)
        /// Refuse a person's command, telling them why.
        case refuse(Refusal)
        /// Nothing changes.
        case none
    }

    /// A command refused because the rollout's state does not allow it.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        /// What was refused, why, and what to do instead.
        public var description: String
    }
}
