import CGit2

/// A git repository on disk. The actor is the only owner of the libgit2 handles, so no handle is
/// ever used from two threads at once or leaves it; everything it returns is a value.
public actor Repository {
    /// The path the repository was opened at.
    public nonisolated let path: String
    /// The libgit2 handles, confined to this actor.
    let handle: RepositoryHandle
    /// The queue this actor runs on, off the cooperative pool because libgit2 calls block.
    nonisolated let executor: RepositoryExecutor

    /// Wraps handles already opened at `path`.
    init(path: String, handle: RepositoryHandle) {
        self.path = path
        self.handle = handle
        self.executor = RepositoryExecutor(path: path)
    }

    /// Runs the actor on its own queue.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Opens the repository at `path` (a working tree, its `.git`, or a bare repository).
    public static func open(at path: String) throws -> Repository {
        do {
            return Repository(path: path, handle: try RepositoryHandle(path: path))
        } catch let error as GitError where error.isNotFound {
            throw error.with(hint: "Check that the path exists and holds a git repository (`git -C \(path) rev-parse --git-dir`)")
        }
    }

    /// True for a repository without a working tree, as mirrors are.
    public var isBare: Bool { git_repository_is_bare(handle.pointer) == 1 }

    /// True when the repository has no refs at all, so no commits anyone can name.
    public func isEmpty() throws -> Bool {
        // Not `git_repository_is_empty`: it expects HEAD on this machine's default branch name
        // and so calls a fresh `init -b main` repository non-empty.
        try references().isEmpty
    }

    /// Runs one libgit2 call on this repository through the error funnel.
    @discardableResult
    func call(_ operation: @autoclosure () -> String, _ body: () -> Int32) throws -> Int32 {
        try Libgit2.call(operation(), in: path, body)
    }

    /// Looks up the object `make` creates, lends it to `body`, and frees it with `free`.
    func with<Result>(
        _ operation: @autoclosure () -> String,
        make: (inout OpaquePointer?) -> Int32,
        free: (OpaquePointer) -> Void,
        _ body: (OpaquePointer) throws -> Result
    ) throws -> Result {
        try Libgit2.with(operation(), in: path, make: make, free: free, body)
    }

    /// Lends the commit `id` to `body`.
    func withCommit<Result>(_ id: ObjectID, _ operation: @autoclosure () -> String, _ body: (OpaquePointer) throws -> Result) throws -> Result {
        var oid = id.oid
        return try with(operation(), make: { git_commit_lookup(&$0, handle.pointer, &oid) }, free: git_commit_free, body)
    }

    /// Lends the root tree of commit `id` to `body`.
    func withRootTree<Result>(of id: ObjectID, _ operation: @autoclosure () -> String, _ body: (OpaquePointer) throws -> Result) throws -> Result {
        try withCommit(id, operation()) { commit in
            try with(operation(), make: { git_commit_tree(&$0, commit) }, free: git_tree_free, body)
        }
    }
}
