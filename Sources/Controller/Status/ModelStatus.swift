import Foundation
import Gates
import Pipelines

/// Where a model is in its life cycle, as status, the API and the status page show it.
public enum ModelPhase: Codable, Sendable, Equatable, CustomStringConvertible {
    case idle
    case training
    case gating
    case awaitingApproval
    /// Rolling out: step `step` of `steps` (from 1), at `weight` percent to the candidate.
    case rollingOut(step: Int, steps: Int, weight: Int)
    /// A rollout held at step `step` (a person paused it, or the canary got too little traffic to judge):
    /// `slipway resume` walks on.
    case paused(step: Int, steps: Int, weight: Int)
    case rollingBack
    case failed

    public var description: String {
        switch self {
        case .idle: "Idle"
        case .training: "Training"
        case .gating: "Gating"
        case .awaitingApproval: "AwaitingApproval"
        case .rollingOut(let step, let steps, let weight): "RollingOut \(step)/\(steps) weight \(weight)"
        case .paused(let step, let steps, let weight): "Paused \(step)/\(steps) weight \(weight)"
        case .rollingBack: "RollingBack"
        case .failed: "Failed"
        }
    }
}

extension ModelPhase {
    /// The percent of traffic the candidate gets, during a rollout.
    public var canaryWeight: Int? {
        switch self {
        case .rollingOut(_, _, let weight), .paused(_, _, let weight): weight
        default: nil
        }
    }
}

/// A condition in the Kubernetes manner: a type that is true or false, with a reason and a message.
public struct ModelCondition: Codable, Sendable, Equatable {
    public var type: ConditionType
    public var status: Bool
    /// One CamelCase word a machine can match (`GateFailed`, `InvalidManifest`, `RemoteUnreachable` …).
    public var reason: ConditionReason
    /// What a person reads.
    public var message: String
    public var since: Date

    public init(type: ConditionType, status: Bool, reason: ConditionReason, message: String, since: Date) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.since = since
    }
}

/// One point of a rollout's analysis: canary against stable over one window.
public struct AnalysisPoint: Codable, Sendable, Equatable {
    public var time: Date
    public var canaryErrorRate: Double
    public var stableErrorRate: Double?
    /// Seconds.
    public var canaryP99: Double
    /// Seconds.
    public var stableP99: Double?

    public init(time: Date, canaryErrorRate: Double, stableErrorRate: Double?, canaryP99: Double, stableP99: Double?) {
        self.time = time
        self.canaryErrorRate = canaryErrorRate
        self.stableErrorRate = stableErrorRate
        self.canaryP99 = canaryP99
        self.stableP99 = stableP99
    }
}

/// Everything status shows of one model.
public struct ModelStatus: Codable, Sendable, Equatable {
    public var name: String
    /// The revision whose manifests are reconciled (commit id).
    public var revision: String?
    public var phase: ModelPhase
    public var conditions: [ModelCondition]
    /// What serves now.
    public var stable: Candidate?
    /// What is being gated or rolled out.
    public var candidate: Candidate?
    /// The latest verdict of each gate on the candidate, in gate order.
    public var gates: [GateResult]
    /// The analyses of the current (or last) rollout, oldest first.
    public var analyses: [AnalysisPoint]
    public var lastError: String?

    public init(name: String, revision: String? = nil, phase: ModelPhase, conditions: [ModelCondition] = [], stable: Candidate? = nil,
                candidate: Candidate? = nil, gates: [GateResult] = [], analyses: [AnalysisPoint] = [], lastError: String? = nil) {
        self.name = name
        self.revision = revision
        self.phase = phase
        self.conditions = conditions
        self.stable = stable
        self.candidate = candidate
        self.gates = gates
        self.analyses = analyses
        self.lastError = lastError
    }
}
