import Pipelines

/// What a gate evaluates: one candidate of one model, beside stable when there is one.
public struct GateSubject: Sendable {
    public var model: String
    public var candidate: Candidate
    public var stable: Candidate?
    /// The model's folder exported at the candidate's revision: holdout files, model card, tests.
    public var folder: String
    /// The candidate, running (unrouted) in the data plane; nil for gates that need no server.
    public var candidateEndpoint: InferenceEndpoint?
    /// Stable, serving; nil when there is no stable yet.
    public var stableEndpoint: InferenceEndpoint?
    /// The candidate's artifact unpacked from the store (`${artifact}` in a test command), if at hand.
    public var artifactFolder: String?
    /// The process id of the candidate's model server, for gates that watch its CPU and memory.
    public var candidateServerPID: Int32?

    public init(model: String, candidate: Candidate, stable: Candidate? = nil, folder: String,
                candidateEndpoint: InferenceEndpoint? = nil, stableEndpoint: InferenceEndpoint? = nil,
                artifactFolder: String? = nil, candidateServerPID: Int32? = nil) {
        self.artifactFolder = artifactFolder
        self.candidateServerPID = candidateServerPID
        self.model = model
        self.candidate = candidate
        self.stable = stable
        self.folder = folder
        self.candidateEndpoint = candidateEndpoint
        self.stableEndpoint = stableEndpoint
    }
}
