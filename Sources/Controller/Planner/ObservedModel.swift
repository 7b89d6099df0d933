import Foundation
import Gates
import Journal
import Pipelines

/// One model as the journal says it is: its runs, its candidates' gate verdicts, its rollouts and
/// what serves. The fold of the journal; nothing here is remembered anywhere else.
public struct ObservedModel: Codable, Sendable, Equatable {
    /// How a run key's training went.
    public enum RunState: Codable, Sendable, Equatable {
        /// Started and not finished: a crash came in between, or it is running now.
        case started
        case finished(artifact: String)
        case failed(reason: String)
    }

    /// How a candidate's rollout went.
    public enum RolloutState: Codable, Sendable, Equatable {
        case inProgress
        case finished(CanaryOutcome)
    }

    /// A gate's latest verdict, and when it was journaled.
    public struct Verdict: Codable, Sendable, Equatable {
        public var result: GateResult
        public var time: Date
    }

    public var name: String
    public var runs: [String: RunState] = [:]
    /// The commit each run key was last trained from (its `run.started`), for the gates' export.
    public var runRevisions: [String: String] = [:]
    /// How often each run key's training started, and when it last did: an interrupted run is tried
    /// again with backoff, a bounded number of times.
    public var runStarts: [String: RunStarts] = [:]
    /// Whether an effect (a training, gates, a rollout) runs for the model now. Not a fact of the
    /// journal: the reconciler sets it on the copy it decides from.
    public var effectRunning = false

    /// The starts of one run key.
    public struct RunStarts: Codable, Sendable, Equatable {
        public var count: Int
        public var last: Date
    }
    public var gates: [Candidate: [String: Verdict]] = [:]
    public var rollouts: [Candidate: RolloutState] = [:]
    /// The candidate whose rollout began last.
    public var lastRollout: Candidate?
    /// What serves all traffic now.
    public var stable: Candidate?
    /// Earlier stables, oldest first, for a rollback by hand.
    public var previousStables: [Candidate] = []
    /// Candidates taken out of traffic (rolled back, aborted or rolled back by hand): not rolled out
    /// again until another candidate is.
    public var quarantined: Set<Candidate> = []
    /// When the last approval sign-off for this model was journaled.
    public var lastApproval: Date?
    /// When the controller last repaired what the data plane serves for this model.
    public var lastRepair: Date?

    public init(name: String) {
        self.name = name
    }
}

/// Every model's observed state: the fold of the journal, one entry at a time, so that a reader
/// who keeps it (the reconciler) folds only what was appended since it last looked, and can write
/// it as a journal snapshot.
public struct ObservedState: Codable, Sendable, Equatable {
    public var models: [String: ObservedModel] = [:]
    /// Each model's latest rollout: status shows its analyses, a driver resumes from it.
    public var latestRollouts: [String: RolloutHistory] = [:]
    /// The last revision journaled as observed.
    public var revision: String?
    /// Every run's story, for trainings (reuse, data profiles, pipeline steps).
    public var ledger = RunLedger()
    /// The data checks made before each run, by run key (the `data` gate reads them).
    public var dataChecks: [String: [DataChecked]] = [:]
    /// API sign-offs by model, in journal order, with where they were journaled (the `governance` gate counts them).
    public var signOffs: [String: [SignOffEntry]] = [:]

    /// One API sign-off as journaled.
    public struct SignOffEntry: Codable, Sendable, Equatable {
        public var event: ApprovalRecorded
        public var seq: Int
        public var time: Date

        /// The sign-off as the governance gate judges it.
        public var record: ApprovalRecord { ApprovalRecord(event, entry: seq, time: time) }
    }

    public init() {}

    /// The fold of `entries`, by model.
    public static func fold(_ entries: [JournalEntry]) throws -> [String: ObservedModel] {
        var state = ObservedState()
        for entry in entries { try state.apply(entry) }
        return state.models
    }

    /// The fold of a whole journal, for a reader that keeps none (a command, a test).
    public static func read(_ journal: Journal) throws -> ObservedState {
        var state = ObservedState()
        try journal.forEachEntry { try state.apply($0) }
        return state
    }

    /// The model's state, or an empty one.
    public subscript(model: String) -> ObservedModel { models[model] ?? ObservedModel(name: model) }

    /// Folds one more entry in.
    public mutating func apply(_ entry: JournalEntry) throws {
        try ledger.fold(entry)
        func update(_ name: String, _ change: (inout ObservedModel) -> Void) {
            var model = models[name] ?? ObservedModel(name: name)
            change(&model)
            models[name] = model
        }
        switch entry.type {
        case RevisionObserved.type:
            if let e = try entry.event(RevisionObserved.self) { revision = e.commit }
        case RunStarted.type:
            if let e = try entry.event(RunStarted.self) {
                update(e.model) {
                    $0.runs[e.runKey] = .started
                    $0.runRevisions[e.runKey] = e.revision.commit
                    $0.runStarts[e.runKey] = ObservedModel.RunStarts(count: ($0.runStarts[e.runKey]?.count ?? 0) + 1, last: entry.time)
                }
            }
        case RunFinished.type:
            if let e = try entry.event(RunFinished.self) { update(e.model) { $0.runs[e.runKey] = .finished(artifact: e.artifact) } }
        case RunReused.type:
            if let e = try entry.event(RunReused.self) { update(e.model) { $0.runs[e.runKey] = .finished(artifact: e.artifact) } }
        case RunFailed.type:
            if let e = try entry.event(RunFailed.self) { update(e.model) { $0.runs[e.runKey] = .failed(reason: e.reason) } }
        case GateFinished.type:
            if let e = try entry.event(GateFinished.self) {
                update(e.model) { $0.gates[e.candidate, default: [:]][e.result.gate] = .init(result: e.result, time: entry.time) }
            }
        case ApprovalRecorded.type:
            if let e = try entry.event(ApprovalRecorded.self) {
                update(e.model) { $0.lastApproval = entry.time }
                signOffs[e.model, default: []].append(SignOffEntry(event: e, seq: entry.seq, time: entry.time))
            }
        case DataChecked.type:
            if let e = try entry.event(DataChecked.self) { dataChecks[e.runKey, default: []].append(e) }
        case ServingRepaired.type:
            if let e = try entry.event(ServingRepaired.self) { update(e.model) { $0.lastRepair = entry.time } }
        case RolloutStarted.type:
            if let e = try entry.event(RolloutStarted.self) {
                latestRollouts[e.model] = RolloutHistory(started: e)
                if let runKey = e.runKey, let artifact = e.artifact {
                    let candidate = Candidate(runKey: runKey, artifact: artifact)
                    update(e.model) {
                        $0.rollouts[candidate] = .inProgress
                        $0.lastRollout = candidate
                        // Another candidate moving means the desired state changed: old quarantines lapse.
                        $0.quarantined = $0.quarantined.filter { $0 == candidate }
                    }
                }
            }
        case RolloutRecorded.type:
            if let e = try entry.event(RolloutRecorded.self), latestRollouts[e.model]?.started.candidate == e.candidate {
                latestRollouts[e.model]?.records.append(e)
            }
        case RolloutFinished.type:
            if let e = try entry.event(RolloutFinished.self) {
                if latestRollouts[e.model]?.started.candidate == e.candidate { latestRollouts[e.model]?.finished = e }
                update(e.model) { model in
                    guard let candidate = model.lastRollout, ServedVersion.name(candidate) == e.candidate else { return }
                    model.rollouts[candidate] = .finished(e.outcome)
                    if e.outcome == .promoted {
                        if let old = model.stable, old != candidate { model.previousStables.append(old) }
                        model.stable = candidate
                        model.quarantined.remove(candidate)
                    } else {
                        model.quarantined.insert(candidate)
                    }
                }
            }
        case StableRestored.type:
            if let e = try entry.event(StableRestored.self) {
                update(e.model) { model in
                    model.quarantined.insert(e.replaced)
                    model.previousStables.removeAll { $0 == e.restored }
                    model.stable = e.restored
                }
            }
        default:
            break
        }
    }
}

/// A model's latest rollout as the journal has it: how it started, every state recorded since, and
/// how it ended if it did.
public struct RolloutHistory: Codable, Sendable, Equatable {
    public var started: RolloutStarted
    public var records: [RolloutRecorded] = []
    public var finished: RolloutFinished?

    public init(started: RolloutStarted, records: [RolloutRecorded] = [], finished: RolloutFinished? = nil) {
        self.started = started
        self.records = records
        self.finished = finished
    }
}
