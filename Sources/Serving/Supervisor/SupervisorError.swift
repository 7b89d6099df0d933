/// The supervisor's own machinery failed: its folders could not be created or its table read.
public struct SupervisorError: Error, Sendable, CustomStringConvertible {
    /// The file or folder concerned.
    public var path: String
    /// What went wrong.
    public var problem: String
    /// What to do about it.
    public var hint: String

    /// "path: problem. hint".
    public var description: String { "\(path): \(problem). \(hint)" }
}
