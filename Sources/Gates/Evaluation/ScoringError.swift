/// Scoring through an endpoint broke: the server is unreachable, answered with an error, or
/// answered something that is not one prediction per row. Names the endpoint and the rows.
public struct ScoringError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, where, and what to check.
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
