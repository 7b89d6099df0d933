import Foundation

extension CanaryRollout {
    /// Promotes now, skipping the remaining steps.
    mutating func promoteByHand() -> Action {
        guard !state.isFinished else { return refusal("promote") }
        state = .promoted
        return .promote
    }

    /// Sends traffic back to stable and marks the candidate aborted.
    mutating func abort() -> Action {
        guard !state.isFinished else { return refusal("abort") }
        state = .aborted
        return .abort
    }

    /// Holds a progressing rollout at its current step.
    mutating func pause() -> Action {
        switch state {
        case .progressing(let position):
            state = .paused(position, .byHand)
            return .hold(reason: PauseReason.byHand.description)
        case .paused(_, let reason):
            return .refuse(Refusal(description: "cannot pause: the rollout is already paused (\(reason.description))"))
        case .promoted, .rolledBack, .aborted:
            return refusal("pause")
        }
    }

    /// Lets a paused rollout continue, holding its step afresh from `now` so that the step
    /// advances only on analyses made after the resume.
    mutating func resume(now: Date) -> Action {
        switch state {
        case .paused(let position, _):
            let restarted = position.restarted(at: now)
            state = .progressing(restarted)
            return .waitUntil(now.adding(spec.analysis.interval))
        case .progressing:
            return .refuse(Refusal(description: "cannot resume: the rollout is not paused; pause it first if you meant to hold it"))
        case .promoted, .rolledBack, .aborted:
            return refusal("resume")
        }
    }

    /// The refusal of `command` on a finished rollout.
    private func refusal(_ command: String) -> Action {
        .refuse(Refusal(description: "cannot \(command): the rollout is already over (\(finishedText)); start a new rollout to move traffic again"))
    }

    /// How a finished rollout ended, as a person reads it.
    private var finishedText: String {
        switch state {
        case .promoted: "promoted"
        case .rolledBack(let reason): "rolled back: \(reason)"
        case .aborted: "aborted"
        case .progressing, .paused: preconditionFailure("finishedText asked of an unfinished rollout in state \(state)")
        }
    }
}
