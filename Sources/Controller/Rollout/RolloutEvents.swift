import Foundation
import Journal
import Rollouts
import Serving

/// A canary rollout began: which candidate replaces which stable, by which steps.
public struct RolloutStarted: Event, Equatable {
    public static let type = "rollout.started"
    public var model: String
    /// The candidate's version in the data plane.
    public var candidate: String
    /// The version serving before the rollout, if any.
    public var stable: String?
    /// The candidate's run key and artifact, when the rollout was started by the daemon.
    public var runKey: String?
    public var artifact: String?
    /// The steps as percent weights, for the audit trail.
    public var weights: [Int]
    /// The canary server's restart count when the rollout began; restarts are counted from here.
    public var canaryRestartsAtStart: Int
}

/// The rollout's state, written before the action it implies is carried out.
public struct RolloutRecorded: Event, Equatable {
    public static let type = "rollout.state"
    public var model: String
    public var candidate: String
    public var state: CanaryRollout.State
    /// The action about to be carried out, as words (`set weight 50`, `promote` …).
    public var action: String
    /// The analysis that led here, with the windows it judged, when this record follows one.
    public var analysis: AnalysisRecord?
    /// The data plane's counters where the next analysis window starts.
    public var baseline: WindowBaseline
}

/// One analysis: what canary and stable served over the window, and the verdict.
public struct AnalysisRecord: Codable, Sendable, Equatable {
    public var from: Date
    public var to: Date
    public var canary: VersionWindow
    public var stable: VersionWindow?
    public var verdict: AnalysisVerdict
}

/// Cumulative counters of canary and stable at the start of an analysis window.
public struct WindowBaseline: Codable, Sendable, Equatable {
    public var canary: VersionMetricsSnapshot
    public var stable: VersionMetricsSnapshot?
}

/// A rollout ended, and how.
public struct RolloutFinished: Event, Equatable {
    public static let type = "rollout.finished"
    public var model: String
    public var candidate: String
    public var outcome: CanaryOutcome
}

/// How a rollout ended.
public enum CanaryOutcome: Codable, Sendable, Equatable, CustomStringConvertible {
    /// The candidate takes all traffic and is the new stable.
    case promoted
    /// The candidate was taken out of traffic by the analysis or a crash loop; it is quarantined.
    case rolledBack(reason: String)
    /// A person stopped it; traffic went back to stable.
    case aborted

    public var description: String {
        switch self {
        case .promoted: "promoted"
        case .rolledBack(let reason): "rolled back: \(reason)"
        case .aborted: "aborted"
        }
    }
}
