import Foundation

/// How a reconciler runs: where the repository is, which branch, how often.
public struct ReconcilerSettings: Sendable {
    /// The repository's URL or path; a mirror of it is kept in the state folder.
    public var repository: String
    public var stateFolder: String
    public var branch: String
    /// How long between fetches when nothing nudges.
    public var interval: Duration
    /// Trainings running at once, over all models.
    public var concurrency: Int
    /// How often a running rollout looks at crashes and commands between its steps.
    public var rolloutPoll: TimeInterval
    /// The folders external data sets may come from (`--data-root`).
    public var dataRoots: [String] = []
    /// How many journal entries between two snapshots of the observed state.
    public var snapshotEvery = 2_000
    /// Starts a new data plane when the one in use does not answer (true when one was started);
    /// nil when the reconciler must only report it.
    public var relaunchDataplane: (@Sendable () async throws(DataplaneError) -> Bool)?

    public init(repository: String, stateFolder: String, branch: String = "main", interval: Duration = .seconds(30),
                concurrency: Int = 2, rolloutPoll: TimeInterval = 1) {
        self.repository = repository
        self.stateFolder = stateFolder
        self.branch = branch
        self.interval = interval
        self.concurrency = concurrency
        self.rolloutPoll = rolloutPoll
    }

    /// The bare mirror of the repository.
    public var mirrorPath: String { stateFolder + "/repository.git" }
}
