import Foundation
import Gates
import Manifests
import Pipelines

/// What the controller must do for a model next.
public enum ReconcileAction: Sendable, Equatable {
    /// Train (or reuse) the desired run key.
    case train(runKey: RunKey)
    /// Run these gates on the candidate (all of them the first time; later only pending or erroring ones).
    case gate(Candidate, gates: [String])
    /// Walk (or resume) the candidate's canary rollout; `allAtOnce` for a model's first version, which
    /// has no stable to be compared with and takes all traffic at once.
    case rollOut(Candidate, allAtOnce: Bool)
    /// Stop the rollout of a candidate that is no longer wanted and send traffic back to stable.
    case abortRollout(Candidate)
    /// Nothing to do now.
    case none
}

/// The planner's answer for one model: an action, the phase to show, and a condition saying why.
public struct Decision: Sendable, Equatable {
    public var action: ReconcileAction
    public var phase: ModelPhase
    /// `Ready`, `Reconciling` or `Stalled`, with a reason word and a message.
    public var condition: Condition
    public var candidate: Candidate?
    /// When the planner wants to look at the model again though nothing changed (a gate error's
    /// retry, a pending approval's recheck); nil when only a change or the interval matters.
    public var recheckAt: Date?

    public init(action: ReconcileAction, phase: ModelPhase, condition: Condition, candidate: Candidate?, recheckAt: Date? = nil) {
        self.action = action
        self.phase = phase
        self.condition = condition
        self.candidate = candidate
        self.recheckAt = recheckAt
    }
}

/// The reconcile rules as a pure function: `(desired, observed, now) → decision`. No clock, no
/// processes, no sockets: every rule is a row in a table test.
public enum Planner {
    /// How long a gate that could not judge (`error`) waits before it is tried again.
    public static let errorRetry: TimeInterval = 60
    /// How many times a run may start before an interrupted one is no longer tried again by itself.
    public static let maxRunAttempts = 5

    /// The wait before another start of an interrupted run that started `starts` times: 10 s doubling,
    /// at most 10 minutes.
    public static func retryDelay(afterStarts starts: Int) -> TimeInterval {
        min(10 * pow(2, Double(max(0, starts - 1))), 600)
    }

    /// How often pending gates (approvals) are looked at again when no sign-off came in meanwhile.
    public static let pendingRecheck: TimeInterval = 30

    public static func decide(_ desired: DesiredModel, _ observed: ObservedModel, now: Date) -> Decision {
        let rolling = observed.lastRollout.flatMap { observed.rollouts[$0] == .inProgress ? $0 : nil }
        guard let model = desired.model, let key = desired.runKey, desired.problem == nil else {
            let message = (desired.problem ?? "the manifest is invalid") + (observed.stable.map { "; stable \(short($0)) keeps serving" } ?? "")
            if let rolling {
                return Decision(action: .abortRollout(rolling), phase: .rollingBack,
                                condition: Condition(.stalled, .invalidManifest, message + "; the running canary is aborted"), candidate: rolling)
            }
            return Decision(action: .none, phase: .failed, condition: Condition(.stalled, .invalidManifest, message), candidate: nil)
        }
        let run = observed.runs[key.description]
        let wanted: Candidate? = if case .finished(let artifact) = run { Candidate(runKey: key.description, artifact: artifact) } else { nil }
        if let rolling, rolling != wanted {
            return Decision(action: .abortRollout(rolling), phase: .rollingBack,
                            condition: Condition(.reconciling, .newRevisionWins, "revision \(desired.revision.prefix(7)) wants run \(short(key)); the canary of \(short(rolling)) goes back to stable"),
                            candidate: rolling)
        }
        guard let run else {
            return Decision(action: .train(runKey: key), phase: .training,
                            condition: Condition(.reconciling, .training, "training run \(short(key)) for revision \(desired.revision.prefix(7))"), candidate: nil)
        }
        guard let candidate = wanted else {
            if case .failed(let reason) = run {
                return Decision(action: .none, phase: .failed,
                                condition: Condition(.stalled, .trainingFailed, "run \(short(key)) failed: \(reason); change the model to try again"), candidate: nil)
            }
            // Started but not finished: it runs now, or a crash interrupted it. An interrupted run is
            // tried again after a backoff that doubles with each start, and gives up after a few, so a
            // run that kills its daemon (a full disk, a trainer that takes the machine down) cannot storm.
            let starts = observed.runStarts[key.description]
            let attempt = starts?.count ?? 1
            if observed.effectRunning {
                return Decision(action: .none, phase: .training,
                                condition: Condition(.reconciling, .training, "training run \(short(key)) for revision \(desired.revision.prefix(7))"
                                                     + (attempt > 1 ? ", attempt \(attempt)" : "")), candidate: nil)
            }
            if attempt >= maxRunAttempts {
                return Decision(action: .none, phase: .failed,
                                condition: Condition(.stalled, .trainingInterrupted,
                                                     "run \(short(key)) was interrupted \(attempt) times without finishing; change the model or look at its logs, then push a commit to try again"),
                                candidate: nil)
            }
            let retryAt = (starts?.last ?? .distantPast).addingTimeInterval(retryDelay(afterStarts: attempt))
            if now < retryAt {
                return Decision(action: .none, phase: .training,
                                condition: Condition(.reconciling, .training,
                                                     "run \(short(key)) was interrupted; attempt \(attempt + 1) of \(maxRunAttempts) from \(retryAt.formatted(.iso8601))"),
                                candidate: nil, recheckAt: retryAt)
            }
            return Decision(action: .train(runKey: key), phase: .training,
                            condition: Condition(.reconciling, .training, "training run \(short(key)) again (attempt \(attempt + 1) of \(maxRunAttempts)) for revision \(desired.revision.prefix(7))"), candidate: nil)
        }
        if observed.stable == candidate {
            return Decision(action: .none, phase: .idle, condition: Condition(.ready, .serving, "\(short(candidate)) serves all traffic"), candidate: nil)
        }
        if observed.quarantined.contains(candidate) {
            let how = observed.rollouts[candidate].flatMap { if case .finished(let outcome) = $0 { outcome.description } else { nil } } ?? "rolled back by hand"
            return Decision(action: .none, phase: .failed,
                            condition: Condition(.stalled, .quarantined, "\(short(candidate)) was \(how); it is not rolled out again until the desired state changes"),
                            candidate: candidate)
        }
        if observed.rollouts[candidate] == .inProgress {
            return Decision(action: .rollOut(candidate, allAtOnce: observed.stable == nil),
                            phase: .rollingOut(step: 0, steps: observed.stable == nil ? 0 : model.rollout.steps.count, weight: 0),
                            condition: Condition(.reconciling, .rollingOut, "canary of \(short(candidate)) in progress"), candidate: candidate)
        }
        let verdicts = observed.gates[candidate] ?? [:]
        var toRun: [String] = []
        var pending: [String] = []
        var recheckAt: Date?
        for gate in model.gates {
            // A verdict for another definition of the gate (a threshold or metric edited since) is no verdict:
            // the gate runs again on the same candidate. One journaled before digests were recorded still counts.
            guard let verdict = verdicts[gate.name], verdict.result.specDigest.map({ $0 == gate.specDigest }) ?? true else {
                toRun.append(gate.name)
                continue
            }
            switch verdict.result.verdict {
            case .pass:
                continue
            case .fail:
                return Decision(action: .none, phase: .failed,
                                condition: Condition(.stalled, .gateFailed, "gate \(gate.name) failed: \(verdict.result.reason)"), candidate: candidate)
            case .error:
                if now.timeIntervalSince(verdict.time) >= errorRetry { toRun.append(gate.name) } else {
                    return Decision(action: .none, phase: .gating,
                                    condition: Condition(.stalled, .gateError, "gate \(gate.name) could not judge: \(verdict.result.reason); tried again in \(Int(errorRetry))s"),
                                    candidate: candidate, recheckAt: verdict.time.addingTimeInterval(errorRetry))
                }
            case .pending:
                pending.append(gate.name)
                let signedSince = observed.lastApproval.map { $0 > verdict.time } ?? false
                if signedSince || now.timeIntervalSince(verdict.time) >= pendingRecheck {
                    toRun.append(gate.name)
                } else {
                    recheckAt = min(recheckAt ?? .distantFuture, verdict.time.addingTimeInterval(pendingRecheck))
                }
            }
        }
        if !toRun.isEmpty {
            let onlyPending = Set(toRun).isSubset(of: Set(pending))
            return Decision(action: .gate(candidate, gates: toRun), phase: onlyPending ? .awaitingApproval : .gating,
                            condition: Condition(.reconciling, onlyPending ? .awaitingApproval : .gating,
                                        "\(onlyPending ? "checking approvals" : "running gates") \(toRun.joined(separator: ", ")) on \(short(candidate))"),
                            candidate: candidate)
        }
        if !pending.isEmpty {
            return Decision(action: .none, phase: .awaitingApproval,
                            condition: Condition(.reconciling, .awaitingApproval, "waiting for sign-off on \(pending.joined(separator: ", ")) for \(short(candidate))"),
                            candidate: candidate, recheckAt: recheckAt)
        }
        return Decision(action: .rollOut(candidate, allAtOnce: observed.stable == nil),
                        phase: .rollingOut(step: 0, steps: observed.stable == nil ? 0 : model.rollout.steps.count, weight: 0),
                        condition: Condition(.reconciling, .rollingOut, "every gate passed; rolling out \(short(candidate))"), candidate: candidate)
    }

    static func short(_ candidate: Candidate) -> String { ServedVersion.name(candidate) }
    static func short(_ key: RunKey) -> String { String(key.digest.hex.prefix(12)) }
}
