extension CanaryRollout {
    /// A persisted rollout state that no longer fits the rollout's spec.
    public struct RestoreError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The step the persisted position is at.
        public var step: Int
        /// How many steps the spec has now.
        public var stepCount: Int

        /// What happened and what to do.
        public var description: String {
            "the persisted rollout is at step \(step + 1), but the rollout now has \(stepCount) steps (was the manifest's rollout changed mid-rollout?); restore the steps, or abort the rollout to return to stable"
        }
    }
}
