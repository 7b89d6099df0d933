/// A tree entry Slipway will not read or write (`TreeRules`), with where it is and why.
public struct RefusedEntry: Hashable, Sendable, CustomStringConvertible {
    /// The entry's path from the repository root, with control and invisible characters spelled out.
    public let path: String
    /// Which rule it breaks.
    public let reason: String

    /// Builds a refusal.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// Whether the entry is at `folder` or under it ("" is the repository root).
    public func isInside(_ folder: String) -> Bool {
        folder.isEmpty || path == folder || path.hasPrefix(folder + "/")
    }

    /// `a tree entry Slipway refuses, 'path': reason`.
    public var description: String { "a tree entry Slipway refuses, '\(path)': \(reason)" }
}
