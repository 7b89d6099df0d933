import Foundation
import Gates
import Journal
import Pipelines
import Rollouts
import Serving

// The events the controller journals, in one place. Other modules keep theirs beside their code:
// Pipelines' run events in Runs/RunEvents.swift, Gates' in GateEvents.swift.

/// The journal can be written again after appends failed (a full disk, say); nothing was acted on meanwhile.
public struct JournalWritable: Event, Equatable {
    public static let type = "journal.writable"
    /// Why appends failed.
    public var problem: String
    /// When the reconciler first found it.
    public var since: Date

    public init(problem: String, since: Date) {
        self.problem = problem
        self.since = since
    }
}

/// The reconciler read a new revision of the branch it follows; what follows is decided from it.
public struct RevisionObserved: Event, Equatable {
    public static let type = "revision.observed"
    public var commit: String
    public var branch: String
    public var author: String
    public var summary: String
    /// Models the revision defines, and how many of its manifests have errors.
    public var models: Int
    public var errors: Int

    public init(commit: String, branch: String, author: String, summary: String, models: Int, errors: Int) {
        self.commit = commit
        self.branch = branch
        self.author = author
        self.summary = summary
        self.models = models
        self.errors = errors
    }
}

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

/// An operator rolled a model back by hand to its previous stable; the replaced one is quarantined.
public struct StableRestored: Event, Equatable {
    public static let type = "stable.restored"
    public var model: String
    public var restored: Candidate
    public var replaced: Candidate
    /// Who asked (a token's name).
    public var by: String

    public init(model: String, restored: Candidate, replaced: Candidate, by: String) {
        self.model = model
        self.restored = restored
        self.replaced = replaced
        self.by = by
    }
}

/// The controller found the data plane serving something other than the journal says and put it
/// right: a lost route, a stable that was not routed, a canary left over, a gate version left running.
public struct ServingRepaired: Event, Equatable {
    public static let type = "serving.repaired"
    public var model: String
    /// What was wrong, as found.
    public var problem: String
    /// What was done about it.
    public var repair: String

    public init(model: String, problem: String, repair: String) {
        self.model = model
        self.problem = problem
        self.repair = repair
    }
}

/// A command given through the API and carried out.
public struct APICommand: Event, Equatable {
    public static let type = "api.command"
    public var model: String
    public var command: String
    public var by: String
}

/// A request the API refused for want of a valid token, the right role, or a good webhook signature.
///
/// The first refusal of a client and reason in a window (`RefusalTally`) is journaled as it
/// happens; when the window held more, a summary follows with `count` and `since`.
public struct APIRefused: Event, Equatable {
    public static let type = "api.refused"
    public var method: String
    public var path: String
    public var action: String
    public var token: String?
    public var reason: String
    /// The client's address (no port); nil in entries written before clients were recorded.
    public var client: String?
    /// In a summary: how many refusals of this client and reason the window held, the first included.
    public var count: Int?
    /// In a summary: when the window began, at its first refusal.
    public var since: Date?

    public init(method: String, path: String, action: String, token: String?, reason: String, client: String?,
                count: Int? = nil, since: Date? = nil) {
        self.method = method
        self.path = path
        self.action = action
        self.token = token
        self.reason = reason
        self.client = client
        self.count = count
        self.since = since
    }
}
