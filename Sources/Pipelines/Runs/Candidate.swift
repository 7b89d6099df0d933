/// A finished run being judged or rolled out: its run key and its artifact. It lives with runs, so
/// that the planner and the rollout driver can name one without knowing gates.
public struct Candidate: Codable, Sendable, Equatable, Hashable {
    /// `sha256:…` of everything the run depended on.
    public var runKey: String
    /// `sha256:…` of the run's output tree.
    public var artifact: String

    public init(runKey: String, artifact: String) {
        self.runKey = runKey
        self.artifact = artifact
    }
}

