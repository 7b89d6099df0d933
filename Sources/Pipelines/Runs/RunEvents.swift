import Foundation
import Journal

/// The commit a run trained from, as the lineage shows it.
public struct RevisionRecord: Codable, Sendable, Equatable {
    public var commit: String
    public var author: String
    public var summary: String
    /// The tree id of the model's folder at the commit (everything in it, manifests included).
    public var folderTree: String?
}

/// A training run began: its inputs are fixed, the trainer is about to start.
/// Written (and synced) before the trainer starts, so a crash leaves a run that is started but never finished.
public struct RunStarted: Event, Equatable {
    public static let type = "run.started"
    public var model: String
    public var runKey: String
    public var revision: RevisionRecord
    public var inputs: RunInputs
}

/// A run ended with an artifact.
public struct RunFinished: Event, Equatable {
    public static let type = "run.finished"
    public var model: String
    public var runKey: String
    public var artifact: String
    /// Numbers from the trainer's `metrics.json`.
    public var metrics: [String: Double]
    /// The training job, or nil for a pipeline (whose steps are journaled one by one).
    public var outcome: JobOutcome?
}

/// A run ended without an artifact: the data gate or the trainer failed.
public struct RunFailed: Event, Equatable {
    public static let type = "run.failed"
    public var model: String
    public var runKey: String
    public var reason: String
    public var outcome: JobOutcome?
}

/// A run key whose artifact was already in the store: nothing was trained.
public struct RunReused: Event, Equatable {
    public static let type = "run.reused"
    public var model: String
    public var runKey: String
    public var artifact: String
    public var revision: String
}

/// The data gate's verdict on one data set before training, with the evidence.
public struct DataChecked: Event, Equatable {
    public static let type = "data.checked"
    public var model: String
    public var runKey: String
    public var dataset: String
    public var verdict: String
    public var summary: String
    /// The full report as JSON (statistics, violations with row numbers, drift).
    public var report: JSONValue
    /// The data set's profile, the reference for drift on the next run.
    public var profile: ReferenceProfile?

    public init(model: String, runKey: String, dataset: String, verdict: String, summary: String, report: JSONValue,
                profile: ReferenceProfile?) {
        self.model = model
        self.runKey = runKey
        self.dataset = dataset
        self.verdict = verdict
        self.summary = summary
        self.report = report
        self.profile = profile
    }
}

/// One pipeline step ended with its output stored; its key caches it for later runs.
public struct StepFinished: Event, Equatable {
    public static let type = "step.finished"
    public var model: String
    public var runKey: String
    public var step: String
    public var stepKey: String
    public var artifact: String
    public var reused: Bool
    public var outcome: JobOutcome?
}
