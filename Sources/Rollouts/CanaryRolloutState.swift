extension CanaryRollout {
    /// Where the rollout is; persisted before the action that leads out of it is carried out.
    public enum State: Sendable, Equatable, Codable {
        /// Walking the steps: holding the current step's weight and analysing it.
        case progressing(RolloutPosition)
        /// Holding the current step's weight without advancing; analyses continue, so a failing
        /// canary is still rolled back.
        case paused(RolloutPosition, PauseReason)
        /// The candidate takes all traffic and is the new stable.
        case promoted
        /// The candidate was taken out of traffic and quarantined.
        case rolledBack(reason: String)
        /// A person stopped the rollout; traffic went back to stable.
        case aborted

        /// Whether the rollout is over, so only late measurements can still arrive.
        public var isFinished: Bool {
            switch self {
            case .progressing, .paused: false
            case .promoted, .rolledBack, .aborted: true
            }
        }
    }

    /// Why a rollout is paused.
    public enum PauseReason: Sendable, Equatable, Codable {
        /// A person paused it.
        case byHand
        /// This many analyses in a row found too little traffic to judge the canary.
        case inconclusive(inARow: Int)

        /// The reason as the status page and the `hold` action say it.
        public var description: String {
            switch self {
            case .byHand:
                "paused by hand; resume or promote to continue"
            case .inconclusive(let count):
                "paused after \(count) inconclusive analyses in a row: the canary gets too little traffic to judge; send traffic and resume, or promote or abort by hand"
            }
        }
    }
}
