import CGit2

/// Owns an open `git_repository` and its object database; only the `Repository` actor holds one.
final class RepositoryHandle {
    /// The repository handle.
    let pointer: OpaquePointer
    /// The object database, kept open because batch reads go straight to it.
    let odb: OpaquePointer

    /// Opens the repository at `path` exactly (no search upwards), bare or not.
    init(path: String) throws {
        Libgit2.ensureInitialised()
        var repository: OpaquePointer?
        try Libgit2.call("open repository", in: path) {
            git_repository_open_ext(&repository, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
        }
        guard let repository else {
            throw GitError(operation: "open repository", repository: path, message: "libgit2 returned no repository")
        }
        var database: OpaquePointer?
        do {
            try Libgit2.call("open object database", in: path) { git_repository_odb(&database, repository) }
        } catch {
            git_repository_free(repository)
            throw error
        }
        guard let database else {
            git_repository_free(repository)
            throw GitError(operation: "open object database", repository: path, message: "libgit2 returned no object database")
        }
        self.pointer = repository
        self.odb = database
    }

    deinit {
        git_odb_free(odb)
        git_repository_free(pointer)
    }
}
