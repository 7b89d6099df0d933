import Manifests
import Rollouts
import Serving

/// What a canary rollout moves: one model's traffic from `stable` (if any) to `canary`.
public struct CanaryTarget: Sendable {
    public var model: String
    public var stable: ServerSpec?
    public var canary: ServerSpec
    public var spec: RolloutSpec
    public var limits: RolloutLimits
    /// The candidate's run key and artifact, recorded with the rollout so the journal says what was promoted.
    public var runKey: String?
    public var artifact: String?

    public init(model: String, stable: ServerSpec?, canary: ServerSpec, spec: RolloutSpec, limits: RolloutLimits = RolloutLimits(),
                runKey: String? = nil, artifact: String? = nil) {
        self.runKey = runKey
        self.artifact = artifact
        precondition(canary.id.model == model && (stable?.id.model ?? model) == model,
                     "a rollout of \(model) was given versions of another model: \(canary.id), \(stable?.id.description ?? "-")")
        self.model = model
        self.stable = stable
        self.canary = canary
        self.spec = spec
        self.limits = limits
    }

    /// The candidate's version name, the key of its journal records.
    var candidate: String { canary.id.version }
}
