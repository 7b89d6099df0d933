/// A holdout set that cannot be used: missing, malformed, or without its label column.
public struct HoldoutError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, where, and what to do.
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
