/// The executor's machinery failed: the job could not be started or its log could not be kept.
/// (A job that fails is a `JobOutcome`, never this.)
public struct ExecutorError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What was being done.
    public let operation: String
    /// What went wrong.
    public let message: String
    /// What to do about it.
    public let hint: String?

    /// An error for `operation`.
    public init(operation: String, message: String, hint: String? = nil) {
        self.operation = operation
        self.message = message
        self.hint = hint
    }

    /// "cannot OPERATION: MESSAGE (HINT)".
    public var description: String {
        "cannot \(operation): \(message)" + (hint.map { ". \($0)" } ?? "")
    }
}
