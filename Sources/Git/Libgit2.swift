import CGit2

/// The one way Slipway talks to libgit2: initialise once, call through a funnel that turns a
/// negative result into a `GitError`, and free short-lived objects on the way out.
enum Libgit2 {
    /// `git_libgit2_init` runs exactly once per process; a global's lazy initialiser is atomic.
    private static let initialised: Int32 = git_libgit2_init()

    /// Makes sure libgit2 is initialised before the first call.
    static func ensureInitialised() {
        precondition(initialised > 0, "git_libgit2_init failed with \(initialised)")
    }

    /// Runs one libgit2 call; on a negative result reads `git_error_last()` at once, on this
    /// thread, before anything else can overwrite it. A `GitFault` bound to the task fails the
    /// call instead of running it.
    @discardableResult
    static func call(_ operation: @autoclosure () -> String, in repository: String, _ body: () -> Int32) throws -> Int32 {
        if let fault = GitFault.active, let error = fault.error(for: operation(), in: repository) { throw error }
        let result = body()
        guard result < 0 else { return result }
        let last = git_error_last()
        let message = last.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "libgit2 reported error \(result) without a message"
        let errorClass = last.map { $0.pointee.klass } ?? 0
        throw GitError(operation: operation(), repository: repository, message: message, code: result, errorClass: errorClass)
    }

    /// Creates a libgit2 object through `make`, hands it to `body`, and frees it with `free` afterwards.
    static func with<Result>(
        _ operation: @autoclosure () -> String,
        in repository: String,
        make: (inout OpaquePointer?) -> Int32,
        free: (OpaquePointer) -> Void,
        _ body: (OpaquePointer) throws -> Result
    ) throws -> Result {
        var pointer: OpaquePointer?
        try call(operation(), in: repository) { make(&pointer) }
        guard let pointer else {
            throw GitError(operation: operation(), repository: repository, message: "libgit2 returned success but no object")
        }
        defer { free(pointer) }
        return try body(pointer)
    }
}
