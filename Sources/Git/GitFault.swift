import CGit2

/// A failure injected into the libgit2 funnel, so that tests can meet an unreachable remote or
/// a damaged object without a network or a broken disk.
///
/// While a fault is bound with `GitFault.$active.withValue(fault) { … }`, every libgit2 call made
/// by that task whose operation starts with `operationPrefix` fails with the fault's error
/// instead of running.
public struct GitFault: Sendable {
    /// Which operations fail, e.g. `fetch` or `read blob`.
    public let operationPrefix: String
    /// The libgit2 error code reported.
    public let code: Int32
    /// The libgit2 error class reported.
    public let errorClass: Int32
    /// The message reported.
    public let message: String

    /// Builds a fault.
    public init(operationPrefix: String, code: Int32 = GIT_ERROR.rawValue, errorClass: Int32, message: String) {
        self.operationPrefix = operationPrefix
        self.code = code
        self.errorClass = errorClass
        self.message = message
    }

    /// The fault bound to the current task, if any.
    @TaskLocal public static var active: GitFault?

    /// A fetch that cannot reach the remote (a transient error).
    public static let unreachableRemote = GitFault(
        operationPrefix: "fetch", errorClass: Int32(bitPattern: GIT_ERROR_NET.rawValue),
        message: "failed to connect to the remote: Connection refused")

    /// A blob read that finds a damaged object.
    public static let corruptObject = GitFault(
        operationPrefix: "read", errorClass: Int32(bitPattern: GIT_ERROR_ZLIB.rawValue),
        message: "failed to inflate object: data error")

    /// The error this fault stands for in `operation`, or nil when it does not apply there.
    func error(for operation: String, in repository: String) -> GitError? {
        guard operation.hasPrefix(operationPrefix) else { return nil }
        return GitError(operation: operation, repository: repository, message: message, code: code, errorClass: errorClass)
    }
}
