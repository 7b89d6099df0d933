import Manifests

/// One model as a revision wants it: its manifest, the inputs of its training and their run key,
/// or why it cannot be reconciled at that revision.
public struct DesiredModel: Sendable {
    public var name: String
    /// The commit being reconciled.
    public var revision: String
    /// The model's manifest, or nil when it is invalid at this revision.
    public var model: Model?
    /// The pipeline the model trains with, when it names one and the revision defines it.
    public var pipeline: Pipeline?
    /// What the model's training depends on at this revision; nil when it could not be worked out.
    public var inputs: RunInputs?
    /// The run key the manifest asks for, or nil when it could not be computed.
    public var runKey: RunKey?
    /// Why the model cannot be reconciled at this revision (invalid manifest, missing data), if so.
    public var problem: String?

    public init(name: String, revision: String, model: Model?, runKey: RunKey?, problem: String? = nil) {
        self.name = name
        self.revision = revision
        self.model = model
        self.runKey = runKey
        self.problem = problem
    }

    /// A model whose run inputs were worked out: its run key is theirs.
    public init(name: String, revision: String, model: Model, pipeline: Pipeline?, inputs: RunInputs) {
        self.init(name: name, revision: revision, model: model, runKey: inputs.key)
        self.pipeline = pipeline
        self.inputs = inputs
    }
}
