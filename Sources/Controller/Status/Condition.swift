/// The three kinds of condition a model is in, in the Kubernetes manner.
public enum ConditionType: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    /// The router serves the model's stable and nothing is pending.
    case ready = "Ready"
    /// Work goes on or waits on time: training, gates, a rollout, a repair.
    case reconciling = "Reconciling"
    /// A person, a new commit or the data plane must come back before anything moves.
    case stalled = "Stalled"

    public var description: String { rawValue }
}

/// Why a model is in its condition: one word a machine can match.
public enum ConditionReason: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    case serving = "Serving"
    case training = "Training"
    case gating = "Gating"
    case awaitingApproval = "AwaitingApproval"
    case rollingOut = "RollingOut"
    /// The rollout holds its step until a person resumes, promotes or aborts it.
    case paused = "Paused"
    case newRevisionWins = "NewRevisionWins"
    case gateFailed = "GateFailed"
    case gateError = "GateError"
    case trainingFailed = "TrainingFailed"
    /// A run kept being interrupted (its daemon died while it trained) and is no longer tried by itself.
    case trainingInterrupted = "TrainingInterrupted"
    /// The journal cannot be written (a full disk): nothing is acted on until it can.
    case journalUnwritable = "JournalUnwritable"
    case quarantined = "Quarantined"
    case invalidManifest = "InvalidManifest"
    case remoteUnreachable = "RemoteUnreachable"
    /// The data plane served something else than the journal says; repaired in that pass.
    case servingRepaired = "ServingRepaired"
    /// Stable's server crashed or is starting; the data plane brings it back.
    case serverRestarting = "ServerRestarting"
    /// The data plane does not answer; a new one is being started.
    case dataplaneUnavailable = "DataplaneUnavailable"

    public var description: String { rawValue }
}

/// A condition as the planner and the reconciler decide it: its type, its reason, and what a person reads.
public struct Condition: Sendable, Equatable {
    public var type: ConditionType
    public var reason: ConditionReason
    public var message: String

    public init(_ type: ConditionType, _ reason: ConditionReason, _ message: String) {
        self.type = type
        self.reason = reason
        self.message = message
    }
}
