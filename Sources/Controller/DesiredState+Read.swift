import Git
import Pipelines

extension DesiredState {
    /// The desired state at `commit`, read from git objects: one listing, each manifest read once.
    /// `executor` is the identity of what trains (`LocalExecutor.identity`).
    public static func read(_ repository: Repository, at commit: ObjectID, executor: String) async throws -> DesiredState {
        let snapshot = try await ManifestSource.Snapshot.read(repository, at: commit)
        return DesiredState(revision: commit, catalog: snapshot.catalog(), files: snapshot.entries, executor: executor,
                            symlinks: snapshot.symlinks, refused: snapshot.refused)
    }
}
