import CGit2

/// A failed git operation: what was attempted, in which repository, and libgit2's own account of it.
public struct GitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What Slipway was doing, e.g. `resolve revision 'main'`.
    public let operation: String
    /// The repository's path or URL.
    public let repository: String
    /// libgit2's message (or Slipway's own, when Slipway detected the problem).
    public let message: String
    /// libgit2's `git_error_code` (negative), or 0 when Slipway detected the problem itself.
    public let code: Int32
    /// libgit2's `git_error_t` class, or 0 when there is none.
    public let errorClass: Int32
    /// What the reader can do about it, when there is something useful to say.
    public let hint: String?

    /// Builds an error; `code` and `errorClass` stay 0 for problems found outside libgit2.
    public init(operation: String, repository: String, message: String, code: Int32 = 0, errorClass: Int32 = 0, hint: String? = nil) {
        self.operation = operation
        self.repository = repository
        self.message = message
        self.code = code
        self.errorClass = errorClass
        self.hint = hint
    }

    /// The thing asked for does not exist (revision, path, object, remote).
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

    /// A network, TLS, SSH or HTTP failure: worth retrying later with backoff.
    public var isTransient: Bool {
        let transient: [git_error_t] = [GIT_ERROR_NET, GIT_ERROR_SSL, GIT_ERROR_SSH, GIT_ERROR_HTTP]
        return transient.contains { Int32(bitPattern: $0.rawValue) == errorClass }
    }

    /// One line: the operation, the repository, libgit2's message and codes, and the hint.
    public var description: String {
        var text = "git: cannot \(operation) in repository \(repository): \(message)"
        if code != 0 || errorClass != 0 {
            text += " (libgit2 error class \(errorClass), code \(code))"
        }
        if let hint { text += ". \(hint)" }
        return text
    }

    /// A copy with a hint added, for callers that know what the user should do next.
    func with(hint: String) -> GitError {
        GitError(operation: operation, repository: repository, message: message, code: code, errorClass: errorClass, hint: hint)
    }
}
