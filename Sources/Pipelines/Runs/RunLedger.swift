import Foundation
import Journal

/// What the journal says about training runs: the fold of its run events.
public struct RunLedger: Codable, Sendable, Equatable {
    /// A data set's check before a run.
    public struct DataCheck: Codable, Sendable, Equatable {
        public var dataset: String
        public var verdict: String
        public var summary: String
    }

    /// A later revision that asked for the same run key and got its artifact.
    public struct Reuse: Codable, Sendable, Equatable {
        public var revision: String
        public var time: Date
    }

    /// One run key's story.
    public struct Run: Codable, Sendable, Equatable {
        public enum Status: String, Sendable, Codable {
            case started, finished, failed
            /// Started before the process died; never finished. The next run trains again.
            case interrupted
        }

        public var model: String
        public var runKey: String
        public var status: Status
        public var started: Date?
        public var ended: Date?
        public var revision: RevisionRecord?
        public var inputs: RunInputs?
        public var artifact: String?
        public var metrics: [String: Double] = [:]
        public var outcome: JobOutcome?
        public var failure: String?
        public var dataChecks: [DataCheck] = []
        /// Times the key was asked for again and its artifact reused.
        public var reuses: [Reuse] = []
        /// How many times training of the key started (a crash or a retry starts it again).
        public var attempts = 0
    }

    /// Runs by key, in the order they were first started.
    public private(set) var runs: [String: Run] = [:]
    public private(set) var order: [String] = []
    /// Finished pipeline steps by step key: their stored outputs.
    public private(set) var steps: [String: String] = [:]
    /// The newest data profile of each model's data sets (model → data set → profile).
    public private(set) var profiles: [String: [String: ReferenceProfile]] = [:]

    public init() {}

    /// The ledger of a state folder's journal (read without taking the folder's lock).
    public static func read(stateFolder: String) throws -> RunLedger {
        var ledger = RunLedger()
        for entry in try Journal.entries(stateFolder: stateFolder) { try ledger.fold(entry) }
        ledger.markInterrupted()
        return ledger
    }

    /// The ledger of an open journal.
    public static func read(_ journal: Journal) throws -> RunLedger {
        var ledger = RunLedger()
        try journal.forEachEntry { try ledger.fold($0) }
        ledger.markInterrupted()
        return ledger
    }

    /// The finished run for `key`, if there is one.
    public func finished(_ key: String) -> Run? {
        runs[key].flatMap { $0.status == .finished ? $0 : nil }
    }

    /// A model's runs, newest first.
    public func history(of model: String) -> [Run] {
        order.reversed().compactMap { runs[$0] }.filter { $0.model == model }
    }

    /// Folds one journal entry in; entries of other kinds are passed over.
    public mutating func fold(_ entry: JournalEntry) throws {
        switch entry.type {
        case RunStarted.type:
            let e = try entry.payload(as: RunStarted.self)
            if runs[e.runKey] == nil { order.append(e.runKey) }
            var run = Run(model: e.model, runKey: e.runKey, status: .started)
            run.started = entry.time
            run.revision = e.revision
            run.inputs = e.inputs
            run.dataChecks = runs[e.runKey]?.dataChecks ?? []
            run.attempts = (runs[e.runKey]?.attempts ?? 0) + 1
            runs[e.runKey] = run
        case RunFinished.type:
            let e = try entry.payload(as: RunFinished.self)
            update(e.runKey, model: e.model) {
                $0.status = .finished
                $0.ended = entry.time
                $0.artifact = e.artifact
                $0.metrics = e.metrics
                $0.outcome = e.outcome
                $0.failure = nil
            }
        case RunFailed.type:
            let e = try entry.payload(as: RunFailed.self)
            update(e.runKey, model: e.model) {
                $0.status = .failed
                $0.ended = entry.time
                $0.failure = e.reason
                $0.outcome = e.outcome
            }
        case RunReused.type:
            let e = try entry.payload(as: RunReused.self)
            update(e.runKey, model: e.model) { $0.reuses.append(Reuse(revision: e.revision, time: entry.time)) }
        case DataChecked.type:
            let e = try entry.payload(as: DataChecked.self)
            update(e.runKey, model: e.model) { $0.dataChecks.append(DataCheck(dataset: e.dataset, verdict: e.verdict, summary: e.summary)) }
            if let profile = e.profile, e.verdict == "pass" { profiles[e.model, default: [:]][e.dataset] = profile }
        case StepFinished.type:
            let e = try entry.payload(as: StepFinished.self)
            steps[e.stepKey] = e.artifact
        default:
            break
        }
    }

    private mutating func update(_ key: String, model: String, _ change: (inout Run) -> Void) {
        if runs[key] == nil {
            order.append(key)
            runs[key] = Run(model: model, runKey: key, status: .started)
        }
        change(&runs[key]!)
    }

    /// The part of the ledger one run of `key` for `model` reads: that key's story, the model's data
    /// profiles and the finished pipeline steps. What a queued training holds instead of the whole
    /// ledger, so that a thousand trainings waiting for their turn hold a thousand small slices.
    public func slice(runKey key: String, model: String) -> RunLedger {
        var slice = RunLedger()
        if let run = runs[key] {
            slice.runs[key] = run
            slice.order = [key]
        }
        slice.profiles[model] = profiles[model]
        slice.steps = steps
        return slice
    }

    /// Runs still `started` when the journal ends were cut off by a crash (this process is not running them).
    private mutating func markInterrupted() {
        for key in order where runs[key]?.status == .started { runs[key]?.status = .interrupted }
    }
}
